import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Invoice } from '../../app/types.ts';
import { useSaleOrder } from '../sales/api.ts';
import { useInvoice, useInvoicesById } from './api.ts';
import { invoiceTitle } from './labels.ts';

const linkClass = 'text-indigo-700 hover:underline';

/** Dates and the documents this one comes from or leads to: order, reversed invoice, credit notes. */
export function InvoiceMeta({ invoice }: { invoice: Invoice }) {
  const order = useSaleOrder(invoice.saleOrderId);
  const reversed = useInvoice(invoice.reversedInvoiceId);
  const credits = useInvoicesById(invoice.creditNoteIds);
  return (
    <dl className="grid grid-cols-2 gap-x-8 gap-y-2 text-sm sm:grid-cols-4">
      <Item label="Invoice date">{invoice.invoiceDate ?? 'Set when posted'}</Item>
      <Item label="Due date">{invoice.dueDate ?? 'Set when posted'}</Item>
      {invoice.periodStart && invoice.periodEnd && <Item label="Period">{invoice.periodStart} – {invoice.periodEnd}</Item>}
      {invoice.saleOrderId && (
        <Item label="Source">
          <Link className={linkClass} to={`/sales/${invoice.saleOrderId}`}>{order.data ? `Sales order ${order.data.number}` : 'Sales order'}</Link>
        </Item>
      )}
      {invoice.reversedInvoiceId && (
        <Item label="Credits">
          <Link className={linkClass} to={`/invoices/${invoice.reversedInvoiceId}`}>{reversed.data ? invoiceTitle(reversed.data) : 'Original invoice'}</Link>
        </Item>
      )}
      {invoice.creditNoteIds.length > 0 && (
        <Item label="Credit notes">
          <ul>
            {invoice.creditNoteIds.map((id) => {
              const note = credits.data?.find((c) => c.id === id);
              return <li key={id}><Link className={linkClass} to={`/invoices/${id}`}>{note ? invoiceTitle(note) : 'Credit note'}</Link></li>;
            })}
          </ul>
        </Item>
      )}
    </dl>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900 tabular-nums">{children}</dd>
    </div>
  );
}
