import { sql, type SQL } from 'drizzle-orm';
import { lineBillingFigures, type LineInvoiceStatus } from '../../core/billing-status.ts';
import { formatQuantity, isTimeUnit, minutesPerUnit, parseQuantity, q } from '../../core/quantity.ts';
import { pgArray, queryRows, type Executor } from '../../platform/db.ts';
import type { SaleOrderLineRow } from '../sales/index.ts';
import { deliveredMinutesSql } from '../timesheets/index.ts';

export interface LineFigures {
  deliveredMinutes: number;
  qtyDelivered: string;
  qtyInvoiced: string;
  qtyToInvoice: string;
  invoiceStatus: LineInvoiceStatus;
}

/** What the figures of a line depend on, besides its entries and invoices. */
export type LineTerms = Pick<SaleOrderLineRow, 'unit' | 'invoicingPolicy' | 'quantity' | 'qtyDeliveredManual'>;

/** The raw figures a query reads for a line: R30 delivered minutes and R31 invoiced quantity, as text (NULL when none). */
export interface RawLineFigures {
  delivered_minutes: string | null;
  invoiced_qty: string | null;
}

/**
 * The columns `delivered_minutes` (R30) and `invoiced_qty` (R31: Σ quantities on invoices that
 * exist, drafts count, − Σ on posted credit notes) of the line `lineId` names, for a SELECT list.
 */
export function lineFigureColumns(lineId: SQL): SQL {
  return sql`${deliveredMinutesSql(lineId)}::text AS delivered_minutes,
    (SELECT sum(CASE WHEN fi.kind = 'invoice' THEN fl.quantity WHEN fi.state = 'posted' THEN -fl.quantity ELSE 0 END)
       FROM invoice_lines fl JOIN invoices fi ON fi.id = fl.invoice_id WHERE fl.sale_order_line_id = ${lineId})::text AS invoiced_qty`;
}

/** R30–R33: delivered, invoiced, to invoice and invoice status of a line, from what `lineFigureColumns` read. */
export function lineFigure(line: LineTerms, raw: RawLineFigures, orderConfirmed: boolean, minutesPerDay: number): LineFigures {
  const minutes = Number(raw.delivered_minutes ?? 0);
  const qtyDelivered = line.invoicingPolicy === 'manual' || !isTimeUnit(line.unit) ? formatQuantity(parseQuantity(line.qtyDeliveredManual)) : q(minutes, minutesPerUnit(line.unit, minutesPerDay));
  const qtyInvoiced = raw.invoiced_qty === null ? '0.00' : formatQuantity(parseQuantity(raw.invoiced_qty));
  const billing = lineBillingFigures({ policy: line.invoicingPolicy, orderConfirmed, qtyOrdered: line.quantity, qtyDelivered, qtyInvoiced });
  return { deliveredMinutes: minutes, qtyDelivered, qtyInvoiced, ...billing };
}

/** R30–R33 for each of these lines, in one query. */
export async function lineFigures(db: Executor, lines: SaleOrderLineRow[], confirmedOrders: Set<number>, minutesPerDay: number): Promise<Map<number, LineFigures>> {
  if (lines.length === 0) return new Map();
  const rows = await queryRows<RawLineFigures & { line_id: number }>(db, sql`
    SELECT l.id AS line_id, ${lineFigureColumns(sql`l.id`)} FROM unnest(${pgArray(lines.map((l) => l.id))}::bigint[]) AS l(id)`);
  const raw = new Map(rows.map((r) => [Number(r.line_id), r]));
  return new Map(lines.map((line) => [line.id, lineFigure(line, raw.get(line.id)!, confirmedOrders.has(line.orderId), minutesPerDay)]));
}
