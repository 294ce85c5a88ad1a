import { sql, type SQL } from 'drizzle-orm';
import { parseQuantity } from '../../core/quantity.ts';
import type { RawLineFigures } from './line-figures.ts';

/** What hangs on a sale order line, as a query reads it (R34). */
export interface RawLineUsage {
  has_time: boolean;
  has_manual_delivered: boolean;
  has_invoice: boolean;
  has_ticket: boolean;
}

/** Whether tickets point at the line `lineId` names, for a SELECT list. */
export const lineHasTicketSql = (lineId: SQL): SQL => sql`EXISTS (SELECT 1 FROM tickets WHERE sale_order_line_id = ${lineId})`;

/** The columns of `RawLineUsage` for the line `lineId` names, read from the entries, lines and invoices themselves. */
export function lineUsageColumns(lineId: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM timesheets WHERE sale_order_line_id = ${lineId}) AS has_time,
    EXISTS (SELECT 1 FROM sale_order_lines WHERE id = ${lineId} AND qty_delivered_manual > 0) AS has_manual_delivered,
    EXISTS (SELECT 1 FROM invoice_lines WHERE sale_order_line_id = ${lineId}) AS has_invoice,
    ${lineHasTicketSql(lineId)} AS has_ticket`;
}

/**
 * `RawLineUsage` from what the order view reads anyway (issue 12's speed fix): time is on the line
 * when its delivered minutes (timesheet_sums, kept by triggers; every entry has at least one minute)
 * are above zero, and an invoice bills it when its invoiced or overage quantity is not NULL (a sum
 * over at least one invoice line). The refusal itself reads `lineUsageColumns`, in its transaction.
 */
export function lineUsageOfFigures(raw: RawLineFigures & { qty_delivered_manual: string; has_ticket: boolean }): RawLineUsage {
  return {
    has_time: Number(raw.delivered_minutes ?? 0) > 0,
    has_manual_delivered: parseQuantity(raw.qty_delivered_manual) > 0n,
    has_invoice: raw.invoiced_qty !== null || raw.overage_invoiced_qty !== null,
    has_ticket: raw.has_ticket,
  };
}

/**
 * R34: `used` — the line has delivered or invoiced quantity (its product, unit and price are
 * fixed); `linked` — tickets or time point at it (its product is fixed).
 */
export function lineUsage(raw: RawLineUsage): { used: boolean; linked: boolean } {
  const delivered = raw.has_time || raw.has_manual_delivered;
  return { used: delivered || raw.has_invoice, linked: raw.has_ticket || delivered };
}

/**
 * R34/R71: why a line cannot be deleted, or null when it can: only a line of an order that is not
 * cancelled, with no time, delivered quantity, invoice nor ticket on it. The refusal of
 * `DELETE /sale-order-lines/:id` and the `canDelete` flag of the order view both come from here.
 */
export function lineDeleteRefusal(raw: RawLineUsage, orderState: 'draft' | 'confirmed' | 'cancelled'): { code: 'ORDER_CANCELLED' | 'LINE_HAS_DELIVERIES'; reason: string } | null {
  if (orderState === 'cancelled') return { code: 'ORDER_CANCELLED', reason: 'This order is cancelled' };
  const uses = [
    raw.has_invoice && 'an invoice bills it',
    raw.has_time && 'time is logged on it',
    raw.has_manual_delivered && 'it has a delivered quantity',
    raw.has_ticket && 'tickets are linked to it',
  ].filter((u): u is string => typeof u === 'string');
  if (uses.length === 0) return null;
  const text = uses.join(', ');
  return { code: 'LINE_HAS_DELIVERIES', reason: `This line cannot be deleted: ${text}` };
}

/** Whether invoices (draft or posted) of the order `orderId` names exist, for a SELECT list. */
export const orderHasInvoicesSql = (orderId: SQL): SQL => sql`EXISTS (SELECT 1 FROM invoices WHERE sale_order_id = ${orderId})`;

/**
 * R34/R71: why an order cannot be cancelled, or null when it can: a cancelled order is already
 * cancelled; an order with invoices (draft or posted) keeps its lines. `POST
 * /sale-orders/:id/cancel` refuses with this, and the order view's `canCancel` flag follows it.
 */
export function orderCancelRefusal(orderState: 'draft' | 'confirmed' | 'cancelled', hasInvoices: boolean): { code: 'ORDER_CANCELLED' | 'ORDER_HAS_INVOICES'; reason: string } | null {
  if (orderState === 'cancelled') return { code: 'ORDER_CANCELLED', reason: 'This order is already cancelled' };
  if (hasInvoices) return { code: 'ORDER_HAS_INVOICES', reason: 'This order has invoices; it cannot be cancelled' };
  return null;
}
