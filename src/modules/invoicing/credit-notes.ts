import { asc, eq, sql } from 'drizzle-orm';
import { compareQuantities, creditQuantity, minutesPerUnit, subtractQuantities } from '../../core/quantity.ts';
import { inTransaction, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { billedMinutes, insertDraftDocument, type DraftLine, type EntrySnapshot } from './drafts.ts';
import { invoiceLines, invoices } from './tables.ts';

type InvoiceLineRow = typeof invoiceLines.$inferSelect;

interface CreditableEntry extends EntrySnapshot {
  invoiceLineId: number;
  onDraftCredit: boolean;
}

/** Entries an invoice still bills: claimed by its lines (not yet released by a posted credit note). */
async function billedEntries(tx: Tx, invoiceId: number): Promise<CreditableEntry[]> {
  const rows = await queryRows<{ invoice_line_id: number; timesheet_id: number; date: string; agent_name: string; ticket_id: number; ticket_number: number; ticket_subject: string; description: string; minutes: number; recorded_minutes: number; billed_multiplier: string; on_draft_credit: boolean }>(tx, sql`
    SELECT e.invoice_line_id AS invoice_line_id, e.timesheet_id AS timesheet_id, e.date::text AS date, e.agent_name, e.ticket_id AS ticket_id,
           e.ticket_number AS ticket_number, e.ticket_subject, e.description, e.minutes,
           coalesce(e.recorded_minutes, e.minutes) AS recorded_minutes, e.billed_multiplier::text AS billed_multiplier,
           EXISTS (SELECT 1 FROM credit_claims cc WHERE cc.timesheet_id = e.timesheet_id) AS on_draft_credit
      FROM invoice_line_entries e
      JOIN invoice_lines l ON l.id = e.invoice_line_id
      JOIN timesheet_claims c ON c.timesheet_id = e.timesheet_id AND c.invoice_line_id = e.invoice_line_id
     WHERE l.invoice_id = ${invoiceId}
     ORDER BY e.date, e.timesheet_id`);
  return rows.map((r) => ({
    invoiceLineId: r.invoice_line_id,
    timesheetId: r.timesheet_id,
    date: r.date,
    agentName: r.agent_name,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    ticketSubject: r.ticket_subject,
    description: r.description,
    minutes: r.minutes,
    recordedMinutes: r.recorded_minutes,
    billedMultiplier: r.billed_multiplier,
    onDraftCredit: r.on_draft_credit,
  }));
}

async function lockPostedInvoice(tx: Tx, invoiceId: number) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('no key update');
  if (!invoice || invoice.kind !== 'invoice') throw notFound('Invoice');
  if (invoice.state !== 'posted') throw new AppError('INVOICE_NOT_POSTED', 'Only a posted invoice is credited; delete or edit the draft instead');
  return invoice;
}

/** R44: a credit line for some entries of an invoice line: q(B) − q(B − C), B the minutes billed on the sale line. */
async function timeCreditLine(tx: Tx, origin: InvoiceLineRow, entries: CreditableEntry[], minutesPerDay: number): Promise<DraftLine> {
  const credited = entries.reduce((sum, e) => sum + e.minutes, 0);
  const billed = origin.saleOrderLineId == null ? credited : await billedMinutes(tx, origin.saleOrderLineId, true);
  const perUnit = minutesPerUnit(origin.unit, minutesPerDay);
  return {
    saleOrderLineId: origin.saleOrderLineId,
    originLineId: origin.id,
    description: origin.description,
    unit: origin.unit,
    quantity: creditQuantity(billed, credited, perUnit),
    unitPrice: origin.unitPrice,
    taxRate: origin.taxRate,
    taxName: origin.taxName,
    taxCategory: origin.taxCategory,
    entries: entries.map(({ invoiceLineId: _l, onDraftCredit: _c, ...snapshot }) => snapshot),
  };
}

/** What is left to credit on a line that bills no entries (prepaid, manual): its quantity less earlier credit lines. */
async function remainingQuantity(tx: Tx, origin: InvoiceLineRow): Promise<string> {
  const rows = await queryRows<{ credited: string }>(tx, sql`SELECT coalesce(sum(quantity), 0)::text AS credited FROM invoice_lines WHERE origin_line_id = ${origin.id}`);
  return subtractQuantities(origin.quantity, rows[0]?.credited ?? '0');
}

async function createCreditNote(db: Db, invoiceId: number, pick: (entries: CreditableEntry[]) => CreditableEntry[], wholeInvoice: boolean): Promise<number> {
  return inTransaction(db, async (tx) => {
    const invoice = await lockPostedInvoice(tx, invoiceId);
    const company = await getCompanySettings(tx);
    const entries = pick(await billedEntries(tx, invoiceId));
    const origins = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.sequence), asc(invoiceLines.id));
    const billsTime = new Set((await queryRows<{ id: number }>(tx, sql`SELECT DISTINCT invoice_line_id AS id FROM invoice_line_entries e JOIN invoice_lines l ON l.id = e.invoice_line_id WHERE l.invoice_id = ${invoiceId}`)).map((r) => r.id));
    const lines: DraftLine[] = [];
    for (const origin of origins) {
      const mine = entries.filter((e) => e.invoiceLineId === origin.id);
      if (mine.length > 0) lines.push(await timeCreditLine(tx, origin, mine, company.minutesPerDay));
      else if (wholeInvoice && !billsTime.has(origin.id)) {
        const quantity = await remainingQuantity(tx, origin);
        if (compareQuantities(quantity, '0') > 0) {
          lines.push({ saleOrderLineId: origin.saleOrderLineId, originLineId: origin.id, description: origin.description, unit: origin.unit, quantity, unitPrice: origin.unitPrice, taxRate: origin.taxRate, taxName: origin.taxName, taxCategory: origin.taxCategory, entries: [] });
        }
      }
    }
    if (lines.length === 0) throw new AppError('NOTHING_TO_CREDIT', 'Everything on this invoice is already credited or on a draft credit note');
    return insertDraftDocument(tx, {
      kind: 'credit_note',
      saleOrderId: invoice.saleOrderId,
      customerId: invoice.customerId,
      reversedInvoiceId: invoice.id,
      currency: invoice.currency,
      decimals: company.currencyDecimals,
      periodStart: null,
      periodEnd: null,
      lines,
    });
  });
}

/** R44 Reverse: a draft credit note for everything the invoice still bills. */
export function reverseInvoice(db: Db, invoiceId: number): Promise<number> {
  return createCreditNote(db, invoiceId, (entries) => entries.filter((e) => !e.onDraftCredit), true);
}

/** R44: a draft credit note for exactly the named entries of a posted invoice. */
export function creditEntries(db: Db, invoiceId: number, timesheetIds: number[]): Promise<number> {
  return createCreditNote(db, invoiceId, (entries) => {
    const byId = new Map(entries.map((e) => [e.timesheetId, e]));
    return [...new Set(timesheetIds)].map((id, i) => {
      const entry = byId.get(id);
      if (!entry) throw new AppError('ENTRY_NOT_ON_INVOICE', `Entry ${id} is not billed by this invoice`, [{ path: `timesheetIds.${i}`, message: 'Not billed by this invoice' }]);
      if (entry.onDraftCredit) throw new AppError('ENTRY_ALREADY_CREDITED', `Entry ${id} is already on a draft credit note`, [{ path: `timesheetIds.${i}`, message: 'Already on a draft credit note' }]);
      return entry;
    });
  }, false);
}
