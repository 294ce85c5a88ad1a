import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Field, PageHeader } from '../../ui/ui.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { textLink } from '../../ui/links.ts';
import { ApiError } from '../../app/http.ts';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import { useCreateOrder } from './api.ts';

/** /sales/new: pick the customer; the quotation opens to add its lines. */
export function NewOrderPage() {
  const [params] = useSearchParams();
  const [customerId, setCustomerId] = useState(params.get('customerId') ?? '');
  const create = useCreateOrder();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(customerId, { onSuccess: (order) => navigate(`/sales/${order.id}`, { replace: true }) });
  };
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <>
      <PageHeader title="New quotation" subtitle={<Link className={textLink} to="/sales">Sales</Link>} />
      <Card className="max-w-xl">
        <form onSubmit={submit} aria-label="New quotation" className="space-y-4">
          <Field label="Customer" error={error?.field('customerId')} hint="The company or person you sell to. Lines are added next.">
            <CustomerSelect required autoFocus value={customerId} onChange={setCustomerId} />
          </Field>
          <FormError error={create.error} fields={['customerId']} />
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={!customerId || create.isPending}>{create.isPending ? 'Creating…' : 'Create quotation'}</Button>
            <Link className={`text-sm ${textLink}`} to="/customers/new">New customer…</Link>
          </div>
        </form>
      </Card>
    </>
  );
}
