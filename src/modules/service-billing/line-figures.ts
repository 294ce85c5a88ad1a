import { sql, type SQL } from 'drizzle-orm';
import { lineBillingFigures, prepaidRemaining, type LineInvoiceStatus } from '../../core/billing-status.ts';
import { formatQuantity, isTimeUnit, minutesPerUnit, parseQuantity, q, type Unit } from '../../core/quantity.ts';
import { pgArray, queryRows, type Executor } from '../../platform/db.ts';
import type { SaleOrderLineRow } from '../sales/index.ts';
import { deliveredMinutesSql } from '../timesheets/index.ts';

export interface LineFigures {
  deliveredMinutes: number;
  qtyDelivered: string;
  qtyInvoiced: string;
  qtyToInvoice: string;
  /** R75: overage (time beyond a prepaid block) invoiced, net of posted credits, and still to invoice (part of qtyToInvoice). */
  qtyOverageInvoiced: string;
  qtyOverageToInvoice: string;
  /** R73: a prepaid line's ordered − delivered, in its unit; null for other lines. */
  remaining: string | null;
  invoiceStatus: LineInvoiceStatus;
}

/** What the figures of a line depend on, besides its entries and invoices. */
export type LineTerms = Pick<SaleOrderLineRow, 'unit' | 'invoicingPolicy' | 'quantity' | 'qtyDeliveredManual' | 'billOverage'>;

/** The raw figures a query reads for a line: R30 delivered minutes and R31 invoiced quantity, as text (NULL when none). */
export interface RawLineFigures {
  delivered_minutes: string | null;
  invoiced_qty: string | null;
  overage_invoiced_qty: string | null;
}

/**
 * The columns `delivered_minutes` (R30) and `invoiced_qty` (R31: Σ quantities on invoices that
 * exist, drafts count, − Σ on posted credit notes) of the line `lineId` names, for a SELECT list;
 * R75's overage lines are summed apart (`overage_invoiced_qty`), in the same scan.
 */
export function lineFigureColumns(lineId: SQL): SQL {
  return sql`${deliveredMinutesSql(lineId)}::text AS delivered_minutes, fq.invoiced_qty, fq.overage_invoiced_qty`;
}

/** The lateral join `lineFigureColumns` reads its invoiced quantities from (`fq`): one scan of the line's invoice lines. */
export function lineFigureJoin(lineId: SQL): SQL {
  return sql`LEFT JOIN LATERAL (
    SELECT (sum(CASE WHEN fi.kind = 'invoice' THEN fl.quantity WHEN fi.state = 'posted' THEN -fl.quantity ELSE 0 END) FILTER (WHERE NOT fl.overage))::text AS invoiced_qty,
           (sum(CASE WHEN fi.kind = 'invoice' THEN fl.quantity WHEN fi.state = 'posted' THEN -fl.quantity ELSE 0 END) FILTER (WHERE fl.overage))::text AS overage_invoiced_qty
      FROM invoice_lines fl JOIN invoices fi ON fi.id = fl.invoice_id WHERE fl.sale_order_line_id = ${lineId}) fq ON true`;
}

/** R30–R33: delivered, invoiced, to invoice and invoice status of a line, from what `lineFigureColumns` read. */
export function lineFigure(line: LineTerms, raw: RawLineFigures, orderConfirmed: boolean, minutesPerDay: number): LineFigures {
  const minutes = Number(raw.delivered_minutes ?? 0);
  const qtyDelivered = line.invoicingPolicy === 'manual' || !isTimeUnit(line.unit) ? formatQuantity(parseQuantity(line.qtyDeliveredManual)) : q(minutes, minutesPerUnit(line.unit, minutesPerDay));
  const qtyInvoiced = raw.invoiced_qty === null ? '0.00' : formatQuantity(parseQuantity(raw.invoiced_qty));
  const qtyOverageInvoiced = raw.overage_invoiced_qty === null ? '0.00' : formatQuantity(parseQuantity(raw.overage_invoiced_qty));
  const billing = lineBillingFigures({ policy: line.invoicingPolicy, orderConfirmed, qtyOrdered: line.quantity, qtyDelivered, qtyInvoiced, billOverage: line.billOverage, qtyOverageInvoiced });
  const remaining = line.invoicingPolicy === 'prepaid' ? prepaidRemaining(formatQuantity(parseQuantity(line.quantity)), qtyDelivered) : null;
  return { deliveredMinutes: minutes, qtyDelivered, qtyInvoiced, qtyOverageInvoiced, remaining, ...billing };
}

/** R73: the remaining time of a prepaid line (ordered − q(delivered minutes), in its unit) from what a read model selected. */
export function remainingOfPrepaid(line: { quantity: string; unit: Unit }, deliveredMinutes: number, minutesPerDay: number): string {
  return prepaidRemaining(formatQuantity(parseQuantity(line.quantity)), q(deliveredMinutes, minutesPerUnit(line.unit, minutesPerDay)));
}

/** R30–R33 for each of these lines, in one query. */
export async function lineFigures(db: Executor, lines: SaleOrderLineRow[], confirmedOrders: Set<number>, minutesPerDay: number): Promise<Map<number, LineFigures>> {
  if (lines.length === 0) return new Map();
  const rows = await queryRows<RawLineFigures & { line_id: number }>(db, sql`
    SELECT l.id AS line_id, ${lineFigureColumns(sql`l.id`)} FROM unnest(${pgArray(lines.map((l) => l.id))}::bigint[]) AS l(id) ${lineFigureJoin(sql`l.id`)}`);
  const raw = new Map(rows.map((r) => [Number(r.line_id), r]));
  return new Map(lines.map((line) => [line.id, lineFigure(line, raw.get(line.id)!, confirmedOrders.has(line.orderId), minutesPerDay)]));
}
