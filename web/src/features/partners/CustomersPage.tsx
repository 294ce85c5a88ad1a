import { Link } from 'react-router';
import { Badge, Field, Input, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { primaryLink, textLink } from '../../ui/links.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { useCustomers } from './api.ts';
import { CustomerName } from './CustomerSelect.tsx';

/** Companies and persons, filtered by kind and name. */
export function CustomersPage() {
  const { values, set } = useFilterParams(['kind', 'q'] as const);
  const q = useDebounced(values.q);
  const pages = useCursorPages(`${values.kind}|${q}`);
  const list = useCustomers({ kind: values.kind, q, cursor: pages.cursor });
  const setup = usePermissions().can('setup');
  return (
    <>
      <PageHeader title="Customers" subtitle="Companies and the people who contact you" actions={setup && <Link to="/customers/new" className={primaryLink}>New customer</Link>} />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <Field label="Search">
          <Input type="search" placeholder="Name…" value={values.q} onChange={(e) => set('q', e.target.value)} />
        </Field>
        <Field label="Kind">
          <Select value={values.kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">Companies and persons</option>
            <option value="company">Companies</option>
            <option value="person">Persons</option>
          </Select>
        </Field>
      </div>
      <PagedList query={list} pages={pages} empty={values.q || values.kind ? 'No customer matches these filters.' : setup ? 'No customer yet. Add the companies you support.' : 'No customer yet.'}>
        {(items) => (
          <Table>
            <thead><tr><th>Name</th><th>Kind</th><th>Company</th><th>Email</th><th>Phone</th><th>City</th><th>VAT id</th></tr></thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <td><Link className={`font-medium ${textLink}`} to={`/customers/${c.id}`}>{c.name}</Link></td>
                  <td><Badge tone={c.kind === 'company' ? 'indigo' : 'slate'}>{c.kind === 'company' ? 'Company' : 'Person'}</Badge></td>
                  <td>{c.companyId ? <CustomerName id={c.companyId} /> : ''}</td>
                  <td>{c.email}</td>
                  <td>{c.phone}</td>
                  <td>{c.address.city}</td>
                  <td>{c.vatId}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
