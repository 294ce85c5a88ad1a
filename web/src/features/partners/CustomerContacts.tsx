import { Link } from 'react-router';
import type { Customer } from '../../app/types.ts';
import { Card, Empty, Table } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { secondaryLink, textLink } from '../../ui/links.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { useContacts } from './api.ts';

/** The people of a company, with "Add contact". */
export function CustomerContacts({ company }: { company: Customer }) {
  const contacts = useContacts(company.id);
  const setup = usePermissions().can('setup');
  return (
    <Card title="Contacts" actions={setup && <Link className={secondaryLink} to={`/customers/new?companyId=${company.id}`}>Add contact</Link>}>
      <RefreshError query={contacts} />
      {!contacts.data ? <NoData query={contacts} /> : contacts.data.length === 0 ? (
        <Empty>No contact at {company.name} yet.</Empty>
      ) : (
        <Table>
          <thead><tr><th>Name</th><th>Email</th><th>Phone</th></tr></thead>
          <tbody>
            {contacts.data.map((p) => (
              <tr key={p.id}>
                <td><Link className={textLink} to={`/customers/${p.id}`}>{p.name}</Link></td>
                <td>{p.email ? <a className={textLink} href={`mailto:${p.email}`}>{p.email}</a> : ''}</td>
                <td className="whitespace-nowrap">{p.phone}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
