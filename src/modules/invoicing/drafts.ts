import { eq, sql } from 'drizzle-orm';
import { lineAmounts, sumAmounts } from '../../core/money.ts';
import type { Unit } from '../../core/quantity.ts';
import { REVERSE_CHARGE_MENTION, type TaxCategory } from '../../core/taxes.ts';
import { pgArray, queryRows, type Tx } from '../../platform/db.ts';
import { failpoint } from '../../platform/failpoints.ts';
import { invoiceLines, invoices } from './tables.ts';

/** What a document line bills: a snapshot of one timesheet entry (R45). */
export interface EntrySnapshot {
  timesheetId: number;
  date: string;
  agentName: string;
  ticketId: number;
  ticketNumber: number;
  ticketSubject: string;
  description: string;
  /** R78: the entry's billed minutes, what the line's quantity counts. */
  minutes: number;
  /** R78: the minutes the agent recorded, and the multiplier applied to them. */
  recordedMinutes: number;
  billedMultiplier: string;
}

export interface DraftLine {
  saleOrderLineId: number | null;
  originLineId: number | null;
  description: string;
  unit: Unit;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  /** R66: the tax record's name and category as they are now; null when the line has none. */
  taxName: string | null;
  taxCategory: TaxCategory | null;
  entries: EntrySnapshot[];
  /** R75: the line bills time beyond a prepaid block. */
  overage?: boolean;
}

export interface DraftDocument {
  kind: 'invoice' | 'credit_note';
  saleOrderId: number | null;
  customerId: number;
  reversedInvoiceId: number | null;
  currency: string;
  decimals: number;
  periodStart: string | null;
  periodEnd: string | null;
  lines: DraftLine[];
}

/** Recomputes a draft's totals as sums of its line figures (R4), and the mention its lines call for (R66). */
export async function recomputeTotals(tx: Tx, invoiceId: number, decimals: number): Promise<void> {
  const lines = await tx.select({ subtotal: invoiceLines.subtotal, tax: invoiceLines.taxAmount, category: invoiceLines.taxCategory }).from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  const untaxed = sumAmounts(lines.map((l) => l.subtotal), decimals);
  const tax = sumAmounts(lines.map((l) => l.tax), decimals);
  const taxMention = lines.some((l) => l.category === 'reverse_charge') ? REVERSE_CHARGE_MENTION : null;
  await tx
    .update(invoices)
    .set({ amountUntaxed: untaxed, amountTax: tax, amountTotal: sumAmounts([untaxed, tax], decimals), taxMention })
    .where(eq(invoices.id, invoiceId));
}

/**
 * Inserts the entry snapshots of a document line and their claims in two set-based statements
 * (arrays unnested by the database: 10,000 entries cost two round trips, not 20).
 */
async function insertEntries(tx: Tx, lineId: number, entries: EntrySnapshot[], claims: 'timesheet_claims' | 'credit_claims'): Promise<void> {
  const ids = pgArray(entries.map((e) => e.timesheetId));
  await tx.execute(sql`
    INSERT INTO invoice_line_entries (invoice_line_id, timesheet_id, date, agent_name, ticket_id, ticket_number, ticket_subject, description, minutes, recorded_minutes, billed_multiplier)
    SELECT ${lineId}, * FROM unnest(${ids}::bigint[], ${pgArray(entries.map((e) => e.date))}::date[],
      ${pgArray(entries.map((e) => e.agentName))}::text[], ${pgArray(entries.map((e) => e.ticketId))}::bigint[],
      ${pgArray(entries.map((e) => e.ticketNumber))}::bigint[],
      ${pgArray(entries.map((e) => e.ticketSubject))}::text[], ${pgArray(entries.map((e) => e.description))}::text[],
      ${pgArray(entries.map((e) => e.minutes))}::int[], ${pgArray(entries.map((e) => e.recordedMinutes))}::int[],
      ${pgArray(entries.map((e) => e.billedMultiplier))}::numeric[])`);
  await tx.execute(sql`INSERT INTO ${sql.identifier(claims)} (timesheet_id, invoice_line_id) SELECT unnest(${ids}::bigint[]), ${lineId}`);
}

/**
 * Writes a draft invoice or credit note with its lines, the entry snapshots, and the claims:
 * an invoice claims its entries in `timesheet_claims`, a credit note in `credit_claims`. Both
 * tables have the entry as primary key, so the database refuses a second live claim (R41, R44).
 */
export async function insertDraftDocument(tx: Tx, doc: DraftDocument): Promise<number> {
  const [invoice] = await tx
    .insert(invoices)
    .values({
      kind: doc.kind,
      saleOrderId: doc.saleOrderId,
      customerId: doc.customerId,
      reversedInvoiceId: doc.reversedInvoiceId,
      currency: doc.currency,
      periodStart: doc.periodStart,
      periodEnd: doc.periodEnd,
    })
    .returning({ id: invoices.id });
  const invoiceId = invoice!.id;
  failpoint('invoice.after-insert');
  for (const [i, line] of doc.lines.entries()) {
    const amounts = lineAmounts({ quantity: line.quantity, unitPrice: line.unitPrice, taxRate: line.taxRate, decimals: doc.decimals });
    const [row] = await tx
      .insert(invoiceLines)
      .values({
        invoiceId,
        sequence: (i + 1) * 10,
        saleOrderLineId: line.saleOrderLineId,
        originLineId: line.originLineId,
        description: line.description,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        taxRate: line.taxRate,
        taxName: line.taxName,
        taxCategory: line.taxCategory,
        overage: line.overage ?? false,
        subtotal: amounts.subtotal,
        taxAmount: amounts.tax,
      })
      .returning({ id: invoiceLines.id });
    const lineId = row!.id;
    if (line.entries.length > 0) await insertEntries(tx, lineId, line.entries, doc.kind === 'invoice' ? 'timesheet_claims' : 'credit_claims');
  }
  failpoint('invoice.after-claim');
  await recomputeTotals(tx, invoiceId, doc.decimals);
  return invoiceId;
}

/** Minutes billed on a sale line by live claims (optionally only those of posted invoices). */
export async function billedMinutes(tx: Tx, saleOrderLineId: number, postedOnly: boolean): Promise<number> {
  const rows = await queryRows<{ minutes: number }>(tx, sql`
    SELECT coalesce(sum(e.minutes), 0) AS minutes
      FROM timesheet_claims c
      JOIN invoice_lines l ON l.id = c.invoice_line_id
      JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
      JOIN invoices i ON i.id = l.invoice_id
     WHERE l.sale_order_line_id = ${saleOrderLineId} ${postedOnly ? sql`AND i.state = 'posted'` : sql``}`);
  return Number(rows[0]?.minutes ?? 0);
}

/** R15: a claimed entry's description may change; drafts show the new text (posted documents never change). */
export async function refreshDraftEntryDescription(tx: Tx, timesheetId: number, description: string): Promise<void> {
  await tx.execute(sql`
    UPDATE invoice_line_entries e SET description = ${description}
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE e.invoice_line_id = l.id AND e.timesheet_id = ${timesheetId} AND i.state = 'draft'`);
}
