import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { addDays, todayUtc } from '../../core/dates.ts';
import { lineAmounts } from '../../core/money.ts';
import { creditQuantity, cumulativeQuantity, minutesPerUnit } from '../../core/quantity.ts';
import { inTransaction, queryRows, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { failpoint } from '../../platform/failpoints.ts';
import { currentLogoVersionForPosting, getCompanySettings, type CompanySettings } from '../accounts/index.ts';
import { findCustomerRow } from '../partners/index.ts';
import { emitEvent } from '../webhooks/index.ts';
import { billedMinutes, recomputeTotals } from './drafts.ts';
import { nextDocumentNumber } from './numbering.ts';
import { creditClaims, invoiceLines, invoices, timesheetClaims } from './tables.ts';


/** The earliest invoice date accepted (R43). */
const FIRST_INVOICE_DATE = '2000-01-01';

/**
 * R43: the dates a document may be posted on. Not after tomorrow (UTC): numbers follow dates, so
 * a document dated in the future would block its whole series until that day. Not before 2000.
 * A credit note not before the invoice it reverses. Checked before a number is taken.
 */
async function checkInvoiceDate(tx: Tx, invoiceDate: string, reversedInvoiceId: number | null): Promise<void> {
  const latest = addDays(todayUtc(), 1);
  if (invoiceDate > latest) throw invalid('invoiceDate', `The invoice date cannot be later than ${latest}`);
  if (invoiceDate < FIRST_INVOICE_DATE) throw invalid('invoiceDate', `The invoice date cannot be before ${FIRST_INVOICE_DATE}`);
  if (reversedInvoiceId == null) return;
  const [reversed] = await tx.select({ number: invoices.number, invoiceDate: invoices.invoiceDate }).from(invoices).where(eq(invoices.id, reversedInvoiceId));
  if (reversed?.invoiceDate && invoiceDate < reversed.invoiceDate) {
    throw invalid('invoiceDate', `A credit note cannot be dated before the invoice it reverses (${reversed.number ?? ''} of ${reversed.invoiceDate})`);
  }
}

/**
 * Fixes the quantities of the lines that bill or credit time, against what posted documents
 * already bill on each sale line (R5): invoices bill q(P + N) − q(P), credit notes q(P) − q(P − C).
 * Drafts were priced the same way when made; this only differs when several drafts overlapped.
 */
async function settleTimeQuantities(tx: Tx, invoiceId: number, kind: 'invoice' | 'credit_note', company: CompanySettings): Promise<void> {
  const lines = await queryRows<{ id: number; sale_order_line_id: number; unit: 'hour' | 'day' | 'unit'; quantity: string; unit_price: string; tax_rate: string; minutes: number }>(tx, sql`
    SELECT l.id AS id, l.sale_order_line_id AS sale_order_line_id, l.unit, l.quantity::text AS quantity,
           l.unit_price::text AS unit_price, l.tax_rate::text AS tax_rate, sum(e.minutes) AS minutes
      FROM invoice_lines l JOIN invoice_line_entries e ON e.invoice_line_id = l.id
     WHERE l.invoice_id = ${invoiceId} AND l.sale_order_line_id IS NOT NULL
     GROUP BY l.id ORDER BY l.sale_order_line_id, l.id`);
  if (lines.length === 0) return;
  // Lock the sale lines so two posts on one line compute P one after the other.
  await tx.execute(sql`SELECT id FROM sale_order_lines WHERE id IN (${sql.join(lines.map((l) => sql`${l.sale_order_line_id}`), sql`, `)}) ORDER BY id FOR NO KEY UPDATE`);
  const posted = new Map<number, number>();
  for (const line of lines) {
    const perUnit = minutesPerUnit(line.unit, company.minutesPerDay);
    const before = posted.get(line.sale_order_line_id) ?? (await billedMinutes(tx, line.sale_order_line_id, true));
    const quantity = kind === 'invoice' ? cumulativeQuantity(before, line.minutes, perUnit) : creditQuantity(before, line.minutes, perUnit);
    posted.set(line.sale_order_line_id, kind === 'invoice' ? before + line.minutes : before - line.minutes);
    if (quantity === line.quantity) continue;
    const amounts = lineAmounts({ quantity, unitPrice: line.unit_price, taxRate: line.tax_rate, decimals: company.currencyDecimals });
    await tx.update(invoiceLines).set({ quantity, subtotal: amounts.subtotal, taxAmount: amounts.tax }).where(eq(invoiceLines.id, line.id));
  }
  await recomputeTotals(tx, invoiceId, company.currencyDecimals);
}

/**
 * R43: posts a draft: the next number of its series with no gap, invoice and due dates, snapshots
 * of the customer and of the seller (the company settings, its bank account, terms and logo
 * version: R72), and from then on the database refuses
 * any change. R44: posting a credit note releases the entries it credits, so the next invoice
 * bills them again. R64: emits invoice.posted or credit_note.posted.
 */
export async function postInvoice(db: Executor, invoiceId: number, options: { invoiceDate?: string | undefined }): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('no key update');
    if (!invoice) throw notFound('Invoice');
    if (invoice.state === 'posted') throw new AppError('INVOICE_POSTED', `${invoice.number} is already posted`);
    const lineIds = (await tx.select({ id: invoiceLines.id }).from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.id))).map((l) => l.id);
    if (lineIds.length === 0) throw new AppError(invoice.kind === 'invoice' ? 'NOTHING_TO_INVOICE' : 'NOTHING_TO_CREDIT', 'This draft has no lines left');
    const company = await getCompanySettings(tx);
    const customer = await findCustomerRow(tx, invoice.customerId);
    if (!customer) throw notFound('Customer');
    const invoiceDate = options.invoiceDate ?? todayUtc();
    await checkInvoiceDate(tx, invoiceDate, invoice.kind === 'credit_note' ? invoice.reversedInvoiceId : null);
    const series = invoice.kind === 'invoice' ? 'INV' : 'RINV';
    const number = await nextDocumentNumber(tx, series, Number(invoiceDate.slice(0, 4)));
    failpoint('invoice.after-number');
    // Numbers follow dates within a series: refuse a date before the last posted one.
    const [last] = await tx.select({ date: max(invoices.invoiceDate) }).from(invoices).where(and(eq(invoices.kind, invoice.kind), eq(invoices.state, 'posted')));
    if (last?.date && invoiceDate < last.date) {
      throw new AppError('INVOICE_DATE_BEFORE_LAST', `The last ${invoice.kind === 'invoice' ? 'invoice' : 'credit note'} was posted on ${last.date}; use that date or a later one`, [{ path: 'invoiceDate', message: `On or after ${last.date}` }]);
    }
    await settleTimeQuantities(tx, invoiceId, invoice.kind, company);
    if (invoice.kind === 'credit_note') {
      const credited = await tx.select({ timesheetId: creditClaims.timesheetId }).from(creditClaims).where(inArray(creditClaims.invoiceLineId, lineIds));
      const ids = credited.map((c) => c.timesheetId);
      for (let start = 0; start < ids.length; start += 1000) {
        await tx.delete(timesheetClaims).where(inArray(timesheetClaims.timesheetId, ids.slice(start, start + 1000)));
      }
      await tx.delete(creditClaims).where(inArray(creditClaims.invoiceLineId, lineIds));
    }
    // R43/R72: the logo the document is posted with (decision 0043), kept however the logo changes.
    const companyLogoId = await currentLogoVersionForPosting(tx);
    const [posted] = await tx
      .update(invoices)
      .set({
        state: 'posted',
        number,
        invoiceDate,
        dueDate: addDays(invoiceDate, company.paymentTermsDays),
        customerName: customer.name,
        customerStreet: customer.street,
        customerCity: customer.city,
        customerPostalCode: customer.postalCode,
        customerCountry: customer.country,
        customerVatId: customer.vatId,
        companyName: company.name,
        companyStreet: company.street,
        companyCity: company.city,
        companyPostalCode: company.postalCode,
        companyCountry: company.country,
        companyVatId: company.vatId,
        // R72: how to pay, as the document was posted with it.
        companyIban: company.iban,
        companyBic: company.bic,
        paymentTermsText: company.paymentTermsText,
        companyLogoId,
        postedAt: new Date(),
      })
      .where(eq(invoices.id, invoiceId))
      .returning();
    const p = posted!;
    // R64: invoice.posted or credit_note.posted, with what the document says.
    await emitEvent(tx, p.kind === 'invoice' ? 'invoice.posted' : 'credit_note.posted', {
      id: String(p.id), number: p.number, customerId: String(p.customerId), customerName: p.customerName,
      saleOrderId: p.saleOrderId === null ? null : String(p.saleOrderId), reversedInvoiceId: p.reversedInvoiceId === null ? null : String(p.reversedInvoiceId),
      invoiceDate: p.invoiceDate, dueDate: p.dueDate, currency: p.currency, amountUntaxed: p.amountUntaxed, amountTax: p.amountTax, amountTotal: p.amountTotal,
    });
  });
}
