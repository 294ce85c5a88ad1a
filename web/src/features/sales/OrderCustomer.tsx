import { Link } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { textLink } from '../../ui/links.ts';
import { Field } from '../../ui/ui.tsx';
import { CustomerName, CustomerSelect } from '../partners/CustomerSelect.tsx';
import { useChangeCustomer } from './api.ts';

/** The order's customer: a select on a quotation, a link once confirmed (tickets are linked to it). */
export function OrderCustomer({ order, editable }: { order: SaleOrder; editable: boolean }) {
  const change = useChangeCustomer(order.id);
  const error = change.error instanceof ApiError ? change.error : null;
  if (!editable || order.state !== 'draft') {
    return (
      <div className="text-sm">
        <div className="font-medium text-slate-700">Customer</div>
        <Link className={`text-base ${textLink}`} to={`/customers/${order.customerId}`}><CustomerName id={order.customerId} /></Link>
      </div>
    );
  }
  return (
    <div className="max-w-sm">
      <Field label="Customer" error={error?.field('customerId')} hint="Can change until the quotation is confirmed">
        <CustomerSelect required value={order.customerId} disabled={change.isPending} onChange={(id) => id && change.mutate(id)} />
      </Field>
      <FormError error={change.error} fields={['customerId']} />
    </div>
  );
}
