import type { Invoice, SaleOrder, Ticket } from '../../app/types.ts';
import { useAllCustomers } from '../partners/api.ts';
import { useSaleLineOptions } from '../tickets/api.ts';
import type { TicketLookups } from '../tickets/lookups.ts';
import { useTicketTimesheets } from '../timesheets/api.ts';
import { userName, useUsers } from '../users/api.ts';
import { invoiceTitle } from '../invoicing/labels.ts';
import type { AuditSubject } from './api.ts';
import { HistoryPanel } from './HistoryPanel.tsx';

/** A ticket's history: the ticket (team, customer, stage, Sales Order Item) and its time entries. */
export function TicketHistory({ ticket, lookups }: { ticket: Ticket; lookups: TicketLookups }) {
  const entries = useTicketTimesheets(ticket.id);
  const options = useSaleLineOptions(ticket.id);
  const subjects: AuditSubject[] = [
    { type: 'ticket', id: ticket.id, label: `ticket #${ticket.number}` },
    ...(entries.data?.items ?? []).map((e) => ({ type: 'timesheet' as const, id: e.id, label: `the time entry of ${e.date} by ${e.userName}` })),
  ];
  const nameOf = (field: string, value: unknown) => {
    const id = String(value);
    if (field === 'stage_id') return lookups.stages.get(id)?.name;
    if (field === 'team_id') return lookups.teamName(id);
    if (field === 'customer_id') return lookups.customerName(id);
    if (field === 'user_id') return lookups.userName(id);
    if (field === 'ticket_id' && id === ticket.id) return `#${ticket.number}`;
    if (field === 'sale_order_line_id') {
      const option = options.data?.items.find((o) => o.id === id);
      return option && `${option.orderNumber} · ${option.description}`;
    }
    return undefined;
  };
  return <HistoryPanel scope={{ param: 'ticketId', id: ticket.id }} subjects={subjects} refreshWith="tickets" nameOf={nameOf} />;
}

/** An order's history: the order (customer, state, account manager) and its lines (products, quantities, prices). */
export function OrderHistory({ order }: { order: SaleOrder }) {
  const customers = useAllCustomers();
  const users = useUsers();
  const subjects: AuditSubject[] = [
    { type: 'sale_order', id: order.id, label: order.number },
    ...order.lines.map((l) => ({ type: 'sale_order_line' as const, id: l.id, label: `the line ${l.description}` })),
  ];
  const nameOf = (field: string, value: unknown) => {
    if (field === 'customer_id') return customers.data?.find((c) => c.id === String(value))?.name;
    if (field === 'account_manager_id') return userName(users.data, String(value));
    if (field === 'order_id' && String(value) === order.id) return order.number;
    return undefined;
  };
  return <HistoryPanel scope={{ param: 'saleOrderId', id: order.id }} subjects={subjects} refreshWith="saleOrders" nameOf={nameOf} />;
}

/** An invoice's history: the document (state, number, dates, totals) and its lines. */
export function InvoiceHistory({ invoice }: { invoice: Invoice }) {
  const subjects: AuditSubject[] = [
    { type: 'invoice', id: invoice.id, label: invoiceTitle(invoice) },
    ...invoice.lines.map((l) => ({ type: 'invoice_line' as const, id: l.id, label: `the line ${l.description}` })),
  ];
  return <HistoryPanel scope={{ param: 'invoiceId', id: invoice.id }} subjects={subjects} refreshWith="invoices" />;
}
