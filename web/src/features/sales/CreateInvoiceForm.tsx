import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';
import { useCreateInvoice } from './api.ts';

/** Create invoice, optionally for a period of entry dates (both ends included); opens the draft invoice. */
export function CreateInvoiceForm({ order, onClose }: { order: SaleOrder; onClose: () => void }) {
  const [periodStart, setStart] = useState('');
  const [periodEnd, setEnd] = useState('');
  const create = useCreateInvoice(order.id);
  const navigate = useNavigate();
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...(periodStart ? { periodStart } : {}), ...(periodEnd ? { periodEnd } : {}) }, { onSuccess: (invoice) => navigate(`/invoices/${invoice.id}`) });
  };
  const nothing = error?.code === 'NOTHING_TO_INVOICE';
  return (
    <form onSubmit={submit} aria-label="Create invoice" className="mt-3 rounded border border-indigo-200 bg-indigo-50/60 p-3">
      <p className="mb-2 text-sm text-slate-700">
        Bills the time not yet invoiced. Give a period to bill only the entries dated in it (both days included); prepaid and manual lines are billed whatever the period.
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Period start" error={error?.field('periodStart')}><Input type="date" value={periodStart} max={periodEnd || undefined} onChange={(e) => setStart(e.target.value)} /></Field>
        <Field label="Period end" error={error?.field('periodEnd')}><Input type="date" value={periodEnd} min={periodStart || undefined} onChange={(e) => setEnd(e.target.value)} /></Field>
        <div className="mt-6 flex gap-2">
          <Button type="submit" variant="primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create draft invoice'}</Button>
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
      <div className="mt-2">
        {nothing ? (
          <ErrorMessage error={new ApiError(409, error.code, `Nothing to invoice on this order${periodStart || periodEnd ? ' in this period' : ''}.`)} />
        ) : (
          <FormError error={create.error} fields={['periodStart', 'periodEnd']} />
        )}
      </div>
    </form>
  );
}
