import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { textLink } from '../../ui/links.ts';
import { useToast } from '../../ui/toast.tsx';
import { Field } from '../../ui/ui.tsx';
import { CustomerName, CustomerSelect } from '../partners/CustomerSelect.tsx';
import { useChangeCustomer } from './api.ts';

/**
 * The order's customer: a picker on a quotation, a link once confirmed (tickets are linked to it).
 * Choosing a customer (Enter or a click on an option) saves it; moving through the options with
 * the arrow keys saves nothing.
 */
export function OrderCustomer({ order, editable }: { order: SaleOrder; editable: boolean }) {
  const change = useChangeCustomer(order.id);
  const toast = useToast();
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
  const choose = (id: string) => {
    setDraft(id);
    // An emptied field keeps the saved customer (an order always has one).
    if (!id || id === order.customerId || change.isPending) return;
    change.mutate(id, {
      onSuccess: () => {
        setDraft(null);
        toast({ message: 'Customer changed' });
      },
    });
  };
  return (
    <div className="max-w-sm">
      <Field label="Customer" error={error?.field('customerId')} hint={change.isPending ? 'Saving…' : 'Can change until the quotation is confirmed'}>
        <CustomerSelect required value={draft || order.customerId} onChange={choose} />
      </Field>
      <FormError error={change.error} fields={['customerId']} />
    </div>
  );
}
