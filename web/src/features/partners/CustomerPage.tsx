import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Card, PageHeader } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { secondaryLink, textLink } from '../../ui/links.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { useCustomer } from './api.ts';
import { CustomerContacts } from './CustomerContacts.tsx';
import { CustomerForm } from './CustomerForm.tsx';

/** /customers/new (optionally ?kind=person&companyId=… for a contact) and /customers/:id. */
export function CustomerPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const customer = useCustomer(isNew ? null : id);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { can } = usePermissions();
  if (isNew) {
    const companyId = params.get('companyId');
    const initial = companyId ? { kind: 'person' as const, companyId } : {};
    return (
      <>
        <PageHeader title={companyId ? 'New contact' : 'New customer'} subtitle={<Link className={textLink} to="/customers">Customers</Link>} />
        <Card><CustomerForm key={companyId ?? 'new'} initial={initial} onSaved={(c) => navigate(`/customers/${c.id}`, { replace: true })} /></Card>
      </>
    );
  }
  if (!customer.data) return <NoData query={customer} />;
  const c = customer.data;
  return (
    <>
      <PageHeader
        title={c.name}
        subtitle={<><Link className={textLink} to="/customers">Customers</Link> · {c.kind === 'company' ? 'Company' : 'Person'}</>}
        actions={can('ordersRead') && <Link className={secondaryLink} to={`/sales?customerId=${c.id}`}>Sales orders</Link>}
      />
      <RefreshError query={customer} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Details"><CustomerForm key={c.id} customer={c} onSaved={() => undefined} /></Card>
        {c.kind === 'company' && <CustomerContacts company={c} />}
      </div>
    </>
  );
}
