import { sql } from 'drizzle-orm';
import { rateFitsCategory } from '../../core/taxes.ts';
import { compareQuantities, cumulativeQuantity, minutesPerUnit, subtractQuantities } from '../../core/quantity.ts';
import { inTransaction, queryRows, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { taxRowsByIds, type TaxRow } from '../catalog/index.ts';
import { billedMinutes, insertDraftDocument, postInvoice, type DraftLine, type EntrySnapshot } from '../invoicing/index.ts';
import { findOrderRow, linesOfOrders, type SaleOrderLineRow } from '../sales/index.ts';
import { lineFigures } from './line-figures.ts';
import { entryStatusIs } from './timesheets.ts';

export interface InvoicePeriod {
  periodStart?: string | undefined;
  periodEnd?: string | undefined;
}

/** R40: post the new invoice in the same transaction (`invoiceDate` as R43's), so a script never leaves a draft behind. */
export interface CreateOptions extends InvoicePeriod {
  post?: boolean | undefined;
  invoiceDate?: string | undefined;
}

/**
 * Locks and returns the entries of a line that are to invoice (billable, not claimed), within
 * the period on their date, each counting its billed minutes (R78). The row locks make a concurrent edit wait until we commit (R41); a
 * REPEATABLE READ writer fails on the ticket's timesheet_sums row the claims write (migration 0006).
 */
async function lockEntriesToInvoice(tx: Tx, lineId: number, period: InvoicePeriod): Promise<EntrySnapshot[]> {
  const rows = await queryRows<{ id: number; date: string; agent_name: string; ticket_id: number; ticket_number: number; ticket_subject: string; description: string; billed_minutes: number; minutes: number; billed_multiplier: string }>(tx, sql`
    SELECT t.id AS id, t.date::text AS date, u.name AS agent_name, k.id AS ticket_id, k.number AS ticket_number, k.subject AS ticket_subject,
           t.description, t.billed_minutes, t.minutes, t.billed_multiplier::text AS billed_multiplier
      FROM timesheets t JOIN users u ON u.id = t.user_id JOIN tickets k ON k.id = t.ticket_id
     WHERE t.sale_order_line_id = ${lineId} AND ${entryStatusIs('to_invoice', 't')}
       ${period.periodStart ? sql`AND t.date >= ${period.periodStart}` : sql``}
       ${period.periodEnd ? sql`AND t.date <= ${period.periodEnd}` : sql``}
     ORDER BY t.id
     FOR UPDATE OF t`);
  return rows.map((r) => ({ timesheetId: r.id, date: r.date, agentName: r.agent_name, ticketId: r.ticket_id, ticketNumber: r.ticket_number, ticketSubject: r.ticket_subject, description: r.description,
    minutes: r.billed_minutes, recordedMinutes: r.minutes, billedMultiplier: r.billed_multiplier }));
}

/** An invoice line of an order line: the line's own rate (R4), with its tax record's name and category as they are now (R66). */
function draftLine(line: SaleOrderLineRow, tax: TaxRow | undefined, quantity: string, entries: EntrySnapshot[], overage = false): DraftLine {
  return {
    saleOrderLineId: line.id, originLineId: null, description: overage ? `Overage: ${line.description}` : line.description, overage, unit: line.unit, quantity, unitPrice: line.unitPrice, taxRate: line.taxRate,
    // A tax whose category was changed since under a rate that no longer fits it gives no snapshot.
    ...(tax && rateFitsCategory(tax.category, line.taxRate) ? { taxName: tax.name, taxCategory: tax.category } : { taxName: null, taxCategory: null }),
    entries,
  };
}

/**
 * R40: Create invoice on a confirmed order, optionally for a period: one draft invoice that claims
 * every entry to invoice of each `timesheets` line (billing q(B + N) − q(B), R5), bills prepaid
 * lines ordered − invoiced (and, R75, their overage as a line of its own) and manual lines delivered − invoiced. 409 NOTHING_TO_INVOICE when
 * there is nothing, and then no invoice exists. With `post`, the draft is posted (R43) in the same
 * transaction: either a posted invoice exists afterwards or nothing does (issue 10).
 */
export async function createInvoiceFromOrder(db: Executor, orderId: number, period: CreateOptions): Promise<number> {
  if (period.periodStart && period.periodEnd && period.periodStart > period.periodEnd) throw invalid('periodEnd', 'The period ends before it starts');
  if (period.invoiceDate && !period.post) throw invalid('invoiceDate', 'An invoice date is given when posting (post: true)');
  return inTransaction(db, async (tx) => {
    const invoiceId = await createDraft(tx, orderId, period);
    if (period.post) await postInvoice(tx, invoiceId, { invoiceDate: period.invoiceDate });
    return invoiceId;
  });
}

async function createDraft(tx: Tx, orderId: number, period: InvoicePeriod): Promise<number> {
  const order = await findOrderRow(tx, orderId, true);
  if (!order) throw notFound('Sale order');
  if (order.state !== 'confirmed') throw new AppError('ORDER_NOT_CONFIRMED', 'Confirm the order before invoicing it');
  const company = await getCompanySettings(tx);
  const lines = await linesOfOrders(tx, [orderId]);
  const figures = await lineFigures(tx, lines, new Set([orderId]), company.minutesPerDay);
  const taxes = await taxRowsByIds(tx, [...new Set(lines.flatMap((l) => (l.taxId == null ? [] : [l.taxId])))]);
  const drafts: DraftLine[] = [];
  for (const line of lines) {
    const tax = line.taxId == null ? undefined : taxes.get(line.taxId);
    if (line.invoicingPolicy === 'timesheets') {
      const entries = await lockEntriesToInvoice(tx, line.id, period);
      if (entries.length === 0) continue;
      const minutes = entries.reduce((sum, e) => sum + e.minutes, 0);
      const quantity = cumulativeQuantity(await billedMinutes(tx, line.id, false), minutes, minutesPerUnit(line.unit, company.minutesPerDay));
      if (compareQuantities(quantity, '0') > 0) drafts.push(draftLine(line, tax, quantity, entries));
    } else {
      const f = figures.get(line.id)!;
      // R75: the overage is its own line; the rest (the block, or a manual line) as before.
      const toInvoice = subtractQuantities(f.qtyToInvoice, f.qtyOverageToInvoice);
      if (compareQuantities(toInvoice, '0') > 0) drafts.push(draftLine(line, tax, toInvoice, []));
      if (compareQuantities(f.qtyOverageToInvoice, '0') > 0) drafts.push(draftLine(line, tax, f.qtyOverageToInvoice, [], true));
    }
  }
  if (drafts.length === 0) throw new AppError('NOTHING_TO_INVOICE', 'Nothing on this order is to invoice' + (period.periodStart || period.periodEnd ? ' in this period' : ''));
  return insertDraftDocument(tx, {
    kind: 'invoice',
    saleOrderId: orderId,
    customerId: order.customerId,
    reversedInvoiceId: null,
    currency: company.currency,
    decimals: company.currencyDecimals,
    periodStart: period.periodStart ?? null,
    periodEnd: period.periodEnd ?? null,
    lines: drafts,
  });
}
