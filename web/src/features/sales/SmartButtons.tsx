import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { cx } from '../../ui/ui.tsx';
import { useOrderInvoices, useOrderTickets, useOrderTimesheets } from './api.ts';

export type RelatedPanel = 'timesheets' | 'invoices';

const boxClass = 'flex min-w-28 flex-col items-start rounded border border-slate-200 bg-white px-3 py-1.5 text-left text-sm shadow-sm hover:bg-slate-50';

function Count({ value, label }: { value: ReactNode; label: string }) {
  return (
    <>
      <span className="text-lg leading-tight font-semibold text-slate-900">{value}</span>
      <span className="text-xs text-slate-600">{label}</span>
    </>
  );
}

/** Tickets, Timesheets and Invoices of the order, counted; the last two open a panel on the page. */
export function SmartButtons({ orderId, canInvoice, open, onToggle }: { orderId: string; canInvoice: boolean; open: ReadonlySet<RelatedPanel>; onToggle: (panel: RelatedPanel) => void }) {
  const tickets = useOrderTickets(orderId);
  const timesheets = useOrderTimesheets(orderId);
  const invoices = useOrderInvoices(orderId, canInvoice);
  const count = (q: { data?: { items: unknown[]; nextCursor: string | null }; isError: boolean }) =>
    q.data ? `${q.data.items.length}${q.data.nextCursor ? '+' : ''}` : q.isError ? '—' : '…';
  const toggle = (panel: RelatedPanel) => (
    <button type="button" aria-expanded={open.has(panel)} onClick={() => onToggle(panel)} className={cx(boxClass, open.has(panel) && 'border-indigo-400 bg-indigo-50')}>
      <Count value={count(panel === 'timesheets' ? timesheets : invoices)} label={panel === 'timesheets' ? 'Timesheets' : 'Invoices'} />
    </button>
  );
  return (
    <nav aria-label="Related" className="flex flex-wrap gap-2">
      <Link to={`/tickets?saleOrderId=${orderId}`} className={boxClass}><Count value={count(tickets)} label="Tickets" /></Link>
      {toggle('timesheets')}
      {canInvoice && toggle('invoices')}
    </nav>
  );
}
