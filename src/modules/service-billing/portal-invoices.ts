import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { getInvoice, invoicePdf, listInvoices, type InvoiceRead } from '../invoicing/index.ts';
import { assertVisible, entityCustomerIds, entityIdOf, type PortalCaller } from './portal-scope.ts';

type InvoiceSummary = Omit<InvoiceRead, 'lines' | 'creditNoteIds' | 'taxMention'>;

/** A posted invoice or credit note as its customer sees it (what the PDF shows, without internal ids). */
export interface PortalInvoiceSummary {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  customerName: string;
  invoiceDate: string;
  dueDate: string | null;
  currency: string;
  amountUntaxed: string;
  amountTax: string;
  amountTotal: string;
  /** R65: what the customer still owes on an invoice (null on a credit note), and its state. */
  amountDue: string | null;
  paymentState: InvoiceSummary['paymentState'];
}

type Line = InvoiceRead['lines'][number];
type Entry = Line['entries'][number];

/** The lines as on the PDF; the entries each bills, without the agent. */
export interface PortalInvoiceRead extends PortalInvoiceSummary {
  lines: Array<Pick<Line, 'description' | 'unit' | 'quantity' | 'unitPrice' | 'taxRate' | 'subtotal' | 'taxAmount'> & {
    entries: Array<Pick<Entry, 'date' | 'ticketNumber' | 'ticketSubject' | 'description' | 'minutes'>>;
  }>;
}

// Only posted documents reach these functions, so number, date and snapshot are set (R43).
const toSummary = (i: InvoiceSummary): PortalInvoiceSummary => ({
  id: i.id, kind: i.kind, number: i.number ?? '', customerName: i.customerSnapshot?.name ?? '', invoiceDate: i.invoiceDate ?? '', dueDate: i.dueDate,
  currency: i.currency, amountUntaxed: i.amountUntaxed, amountTax: i.amountTax, amountTotal: i.amountTotal, amountDue: i.amountDue, paymentState: i.paymentState,
});

const checkVisible = (db: Db, caller: PortalCaller, invoiceId: number) =>
  assertVisible(db, sql`SELECT 1 AS one FROM invoices i WHERE i.id = ${invoiceId} AND i.state = 'posted' AND i.customer_id IN (${entityCustomerIds(caller)})`, 'Invoice');

/** The posted invoices and credit notes of the caller's commercial entity, newest first; never a draft. */
export async function listPortalInvoices(db: Db, caller: PortalCaller, query: { limit: number; cursor?: string | undefined }) {
  const entityId = await entityIdOf(db, caller);
  const page = await listInvoices(db, { ...query, state: 'posted', customerId: String(entityId) });
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

/** One posted invoice or credit note of the caller's commercial entity, with its lines and the time they bill (R45). */
export async function getPortalInvoice(db: Db, caller: PortalCaller, invoiceId: number): Promise<PortalInvoiceRead> {
  await checkVisible(db, caller, invoiceId);
  const invoice = await getInvoice(db, invoiceId, (await getCompanySettings(db)).currencyDecimals);
  return {
    ...toSummary(invoice),
    lines: invoice.lines.map((l) => ({
      description: l.description, unit: l.unit, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate, subtotal: l.subtotal, taxAmount: l.taxAmount,
      entries: l.entries.map((e) => ({ date: e.date, ticketNumber: e.ticketNumber, ticketSubject: e.ticketSubject, description: e.description, minutes: e.minutes })),
    })),
  };
}

/** The PDF of a posted invoice or credit note of the caller's commercial entity (the document sent to them). */
export async function portalInvoicePdf(db: Db, caller: PortalCaller, invoiceId: number): Promise<{ filename: string; pdf: Readable }> {
  await checkVisible(db, caller, invoiceId);
  return invoicePdf(db, invoiceId);
}
