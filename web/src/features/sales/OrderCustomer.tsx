import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { textLink } from '../../ui/links.ts';
import { Field } from '../../ui/ui.tsx';
import { CustomerName, CustomerSelect } from '../partners/CustomerSelect.tsx';
import { useChangeCustomer } from './api.ts';

/**
 * The order's customer: a select on a quotation, a link once confirmed (tickets are linked to it).
 * Like the other editable cells, a choice is saved on Enter or when leaving the select, so moving
 * through the options with the arrow keys saves nothing.
 */
export function OrderCustomer({ order, editable }: { order: SaleOrder; editable: boolean }) {
  const change = useChangeCustomer(order.id);
  const [draft, setDraft] = useState<string | null>(null);
  const error = change.error instanceof ApiError ? change.error : null;
  if (!editable || order.state !== 'draft') {
    return (
      <div className="text-sm">
        <div className="font-medium text-slate-700">Customer</div>
        <Link className={`text-base ${textLink}`} to={`/customers/${order.customerId}`}><CustomerName id={order.customerId} /></Link>
      </div>
    );
  }
  const value = draft ?? order.customerId;
  const dirty = draft !== null && draft !== order.customerId;
  const commit = () => {
    if (!dirty || !draft || change.isPending) return;
    change.mutate(draft, { onSuccess: () => setDraft(null) });
  };
  return (
    <div className="max-w-sm">
      <Field label="Customer" error={error?.field('customerId')} hint={dirty ? 'Not saved yet: press Enter or leave the field to save' : 'Can change until the quotation is confirmed'}>
        <CustomerSelect
          required
          value={value}
          aria-busy={change.isPending}
          onChange={setDraft}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            }
          }}
        />
      </Field>
      <FormError error={change.error} fields={['customerId']} />
    </div>
  );
}
