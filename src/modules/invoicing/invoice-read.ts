import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { formatMultiplier } from '../../core/billed-minutes.ts';
import { todayUtc } from '../../core/dates.ts';
import type { PaymentState } from '../../core/payment-status.ts';
import { formatPrice, formatRate } from '../../core/money.ts';
import type { Unit } from '../../core/quantity.ts';
import type { TaxCategory } from '../../core/taxes.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { afterCursor, decodeCursor, toPage } from '../../platform/pagination.ts';
import { customerAndContactIds } from '../partners/index.ts';
import { paymentColumns, paymentStateIs, withPaymentFigures, type PaymentRead } from './payment-figures.ts';
import { invoiceLineEntries, invoiceLines, invoices } from './tables.ts';

export interface InvoiceEntryRead {
  timesheetId: string;
  date: string;
  agentName: string;
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  description: string;
  /** R78: the billed minutes this line counts for the entry. */
  minutes: number;
  /** R78: the minutes recorded by the agent, and the multiplier applied (e.g. "1.5"; "1" for none). */
  recordedMinutes: number;
  billedMultiplier: string;
}

export interface InvoiceLineRead {
  id: string;
  saleOrderLineId: string | null;
  originLineId: string | null;
  description: string;
  unit: Unit;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  /** R66: the tax as it was when the line was made; null on lines without a tax record. */
  taxName: string | null;
  taxCategory: TaxCategory | null;
  /** R75: the line bills time beyond a prepaid block. */
  overage: boolean;
  subtotal: string;
  taxAmount: string;
  timesheetIds: string[];
  entries: InvoiceEntryRead[];
}

type InvoiceRow = typeof invoices.$inferSelect & { amountPaid: string; amountCredited: string };

/** An invoice row with its payment sums (R65): what the read and the list select. */
const summaryColumns = { ...getTableColumns(invoices), ...paymentColumns };

/** A name and address frozen on a posted document (R43). */
export interface PartySnapshot {
  name: string;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  vatId: string | null;
}

/** R72: the seller's bank account and payment terms frozen on a posted document (R43). */
export interface PaymentSnapshot {
  iban: string | null;
  bic: string | null;
  termsText: string;
}

export interface InvoiceSummary extends PaymentRead {
  id: string;
  kind: 'invoice' | 'credit_note';
  state: 'draft' | 'posted';
  number: string | null;
  saleOrderId: string | null;
  customerId: string;
  reversedInvoiceId: string | null;
  currency: string;
  invoiceDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  customerSnapshot: PartySnapshot | null;
  /** R43: the seller (company settings) as it was at posting; null on a draft. */
  companySnapshot: PartySnapshot | null;
  /** R72: null on a draft and on documents posted before bank details were snapshotted (not in the API). */
  paymentSnapshot: PaymentSnapshot | null;
  /** R43/R72: the logo version a posted document was posted with; null on a draft and when posted without a logo (not in the API). */
  logoVersionId: number | null;
  amountUntaxed: string;
  amountTax: string;
  amountTotal: string;
  createdAt: string;
  postedAt: string | null;
}

export interface InvoiceRead extends InvoiceSummary {
  /** R66: the legal mention the lines call for ("VAT reverse charge — …"), or null. */
  taxMention: string | null;
  lines: InvoiceLineRead[];
  creditNoteIds: string[];
}

const str = (n: number | null) => (n == null ? null : String(n));

function toSummary(row: InvoiceRow, today: string): InvoiceSummary {
  return {
    ...withPaymentFigures(row, today),
    id: String(row.id),
    kind: row.kind,
    state: row.state,
    number: row.number,
    saleOrderId: str(row.saleOrderId),
    customerId: String(row.customerId),
    reversedInvoiceId: str(row.reversedInvoiceId),
    currency: row.currency,
    invoiceDate: row.invoiceDate,
    dueDate: row.dueDate,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    customerSnapshot: row.customerName == null ? null : {
      name: row.customerName,
      street: row.customerStreet,
      city: row.customerCity,
      postalCode: row.customerPostalCode,
      country: row.customerCountry,
      vatId: row.customerVatId,
    },
    companySnapshot: row.companyName == null ? null : {
      name: row.companyName,
      street: row.companyStreet,
      city: row.companyCity,
      postalCode: row.companyPostalCode,
      country: row.companyCountry,
      vatId: row.companyVatId,
    },
    paymentSnapshot: row.paymentTermsText == null ? null : { iban: row.companyIban, bic: row.companyBic, termsText: row.paymentTermsText },
    logoVersionId: row.companyLogoId,
    amountUntaxed: row.amountUntaxed,
    amountTax: row.amountTax,
    amountTotal: row.amountTotal,
    createdAt: row.createdAt.toISOString(),
    postedAt: row.postedAt?.toISOString() ?? null,
  };
}

/** Reads an invoice or credit note with its lines and the entries each line bills (R45). */
export async function getInvoice(db: Executor, invoiceId: number, decimals: number): Promise<InvoiceRead> {
  const [row] = await db.select(summaryColumns).from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw notFound('Invoice');
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.sequence), asc(invoiceLines.id));
  const entries = lines.length
    ? await db.select().from(invoiceLineEntries).where(inArray(invoiceLineEntries.invoiceLineId, lines.map((l) => l.id))).orderBy(asc(invoiceLineEntries.date), asc(invoiceLineEntries.timesheetId))
    : [];
  const credits = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.reversedInvoiceId, invoiceId)).orderBy(asc(invoices.id));
  const byLine = new Map<number, (typeof entries)[number][]>();
  for (const entry of entries) {
    const list = byLine.get(entry.invoiceLineId);
    if (list) list.push(entry);
    else byLine.set(entry.invoiceLineId, [entry]);
  }
  return {
    ...toSummary(row, todayUtc()),
    taxMention: row.taxMention,
    creditNoteIds: credits.map((c) => String(c.id)),
    lines: lines.map((line) => {
      const mine = byLine.get(line.id) ?? [];
      return {
        id: String(line.id),
        saleOrderLineId: str(line.saleOrderLineId),
        originLineId: str(line.originLineId),
        description: line.description,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: formatPrice(line.unitPrice, decimals),
        taxRate: formatRate(line.taxRate),
        taxName: line.taxName,
        taxCategory: line.taxCategory,
        overage: line.overage,
        subtotal: line.subtotal,
        taxAmount: line.taxAmount,
        timesheetIds: mine.map((e) => String(e.timesheetId)),
        entries: mine.map((e) => ({ timesheetId: String(e.timesheetId), date: e.date, agentName: e.agentName, ticketId: String(e.ticketId), ticketNumber: e.ticketNumber, ticketSubject: e.ticketSubject, description: e.description, minutes: e.minutes,
          recordedMinutes: e.recordedMinutes ?? e.minutes, billedMultiplier: formatMultiplier(e.billedMultiplier) })),
      };
    }),
  };
}

/** The number of an invoice or credit note (null on a draft), without its lines. */
export async function invoiceNumber(db: Executor, invoiceId: number): Promise<string | null> {
  const [row] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw notFound('Invoice');
  return row.number;
}

export interface InvoiceFilters {
  state?: 'draft' | 'posted' | undefined;
  kind?: 'invoice' | 'credit_note' | undefined;
  customerId?: string | undefined;
  saleOrderId?: string | undefined;
  reversedInvoiceId?: string | undefined;
  timesheetId?: string | undefined;
  /** The invoice date, from and to (both included); drafts have none, so a period lists posted documents only. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /** R65: posted invoices in this payment state, on the server's today (UTC). */
  payment?: PaymentState | undefined;
}

/**
 * The invoices matching the list's filters, as conditions on `invoices`: the list and the invoice
 * lines export both read through this. A period that ends before it starts is a 400.
 */
export function invoiceConditions(query: InvoiceFilters): SQL[] {
  if (query.dateFrom && query.dateTo && query.dateFrom > query.dateTo) throw invalid('dateTo', 'The period ends before it starts');
  return [
    query.state ? eq(invoices.state, query.state) : undefined,
    query.kind ? eq(invoices.kind, query.kind) : undefined,
    query.customerId ? sql`${invoices.customerId} IN (${customerAndContactIds(Number(query.customerId))})` : undefined,
    query.saleOrderId ? eq(invoices.saleOrderId, Number(query.saleOrderId)) : undefined,
    query.reversedInvoiceId ? eq(invoices.reversedInvoiceId, Number(query.reversedInvoiceId)) : undefined,
    query.timesheetId ? sql`${invoices.id} IN (SELECT l.invoice_id FROM invoice_lines l JOIN invoice_line_entries e ON e.invoice_line_id = l.id WHERE e.timesheet_id = ${Number(query.timesheetId)})` : undefined,
    query.dateFrom ? gte(invoices.invoiceDate, query.dateFrom) : undefined,
    query.dateTo ? lte(invoices.invoiceDate, query.dateTo) : undefined,
    query.payment ? paymentStateIs(query.payment, todayUtc()) : undefined,
  ].filter((c): c is SQL => c !== undefined);
}

/** Lists invoices and credit notes, newest first. */
export async function listInvoices(db: Db, query: InvoiceFilters & { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(query.cursor, 1);
  const rows = await db
    .select(summaryColumns)
    .from(invoices)
    .where(and(...invoiceConditions(query), after ? afterCursor([sql`${invoices.id}`], after, 'desc') : undefined))
    .orderBy(desc(invoices.id))
    .limit(query.limit + 1);
  const today = todayUtc();
  return toPage(rows, query.limit, (r) => [r.id], (r) => toSummary(r, today));
}
