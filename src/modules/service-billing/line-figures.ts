import { sql } from 'drizzle-orm';
import { lineBillingFigures, type LineInvoiceStatus } from '../../core/billing-status.ts';
import { formatQuantity, isTimeUnit, minutesPerUnit, parseQuantity, q } from '../../core/quantity.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { SaleOrderLineRow } from '../sales/index.ts';

export interface LineFigures {
  deliveredMinutes: number;
  qtyDelivered: string;
  qtyInvoiced: string;
  qtyToInvoice: string;
  invoiceStatus: LineInvoiceStatus;
}

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * Σ minutes of billable entries linked to each line, all dates, invoiced or not (R30): the sums
 * the database keeps per ticket and line (timesheet_sums, migration 0005), a few rows a line
 * instead of every entry (issue 9).
 */
async function deliveredMinutesByLine(db: Executor, lineIds: number[]): Promise<Map<number, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await queryRows<{ line_id: number; minutes: number }>(db, sql`
    SELECT sale_order_line_id AS line_id, sum(delivered_minutes)::bigint AS minutes FROM timesheet_sums
     WHERE sale_order_line_id IN (${idList(lineIds)}) GROUP BY sale_order_line_id`);
  return new Map(rows.map((r) => [Number(r.line_id), Number(r.minutes)]));
}

/** R31: Σ quantities on invoices that exist (drafts count) − Σ on posted credit notes. */
async function invoicedByLine(db: Executor, lineIds: number[]): Promise<Map<number, string>> {
  if (lineIds.length === 0) return new Map();
  const rows = await queryRows<{ line_id: number; qty: string }>(db, sql`
    SELECT l.sale_order_line_id AS line_id,
           sum(CASE WHEN i.kind = 'invoice' THEN l.quantity WHEN i.state = 'posted' THEN -l.quantity ELSE 0 END)::text AS qty
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE l.sale_order_line_id IN (${idList(lineIds)}) GROUP BY l.sale_order_line_id`);
  return new Map(rows.map((r) => [Number(r.line_id), formatQuantity(parseQuantity(r.qty))]));
}

/** R30–R33: delivered, invoiced, to invoice and invoice status of each line. */
export async function lineFigures(db: Executor, lines: SaleOrderLineRow[], confirmedOrders: Set<number>, minutesPerDay: number): Promise<Map<number, LineFigures>> {
  const ids = lines.map((l) => l.id);
  const [delivered, invoiced] = await Promise.all([deliveredMinutesByLine(db, ids), invoicedByLine(db, ids)]);
  const figures = new Map<number, LineFigures>();
  for (const line of lines) {
    const minutes = delivered.get(line.id) ?? 0;
    const qtyDelivered = line.invoicingPolicy === 'manual' || !isTimeUnit(line.unit) ? formatQuantity(parseQuantity(line.qtyDeliveredManual)) : q(minutes, minutesPerUnit(line.unit, minutesPerDay));
    const qtyInvoiced = invoiced.get(line.id) ?? '0.00';
    const billing = lineBillingFigures({
      policy: line.invoicingPolicy,
      orderConfirmed: confirmedOrders.has(line.orderId),
      qtyOrdered: line.quantity,
      qtyDelivered,
      qtyInvoiced,
    });
    figures.set(line.id, { deliveredMinutes: minutes, qtyDelivered, qtyInvoiced, ...billing });
  }
  return figures;
}
