// Issue 12, R65, decision 0029: registering a payment on a posted invoice. The invoice row is
// locked (FOR NO KEY UPDATE) before the amount due is read, so two payments racing on one invoice
// are checked one after the other and cannot both pass the "not more than the amount due" check.
import { eq, sql } from 'drizzle-orm';
import { fitsDecimals, sumAmounts } from '../../core/money.ts';
import { paymentFigures } from '../../core/payment-status.ts';
import { inTransaction, isoTimestamp, queryRows, type Db, type Executor } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { paymentColumns } from './payment-figures.ts';
import { invoiceNumber } from './invoice-read.ts';
import { invoicePayments, invoices } from './tables.ts';

export type PaymentMethod = (typeof invoicePayments.$inferSelect)['method'];

export interface PaymentInput {
  paymentDate: string;
  amount: string;
  method: PaymentMethod;
  reference?: string | undefined;
  /** Say so explicitly to take the amount due below zero (the customer paid more than due). */
  overpayment?: boolean | undefined;
}

export interface InvoicePaymentRead {
  id: string;
  invoiceId: string;
  paymentDate: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
  isOverpayment: boolean;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
}

interface PaymentRow {
  id: number;
  invoice_id: number;
  payment_date: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
  is_overpayment: boolean;
  created_by: number | null;
  creator_name: string | null;
  created_at: string;
}

async function paymentRows(db: Executor, where: ReturnType<typeof sql>): Promise<InvoicePaymentRead[]> {
  const rows = await queryRows<PaymentRow>(db, sql`
    SELECT p.id, p.invoice_id, p.payment_date::text AS payment_date, p.amount::text AS amount, p.method, p.reference, p.is_overpayment,
           p.created_by, u.name AS creator_name, p.created_at::text AS created_at
      FROM invoice_payments p LEFT JOIN users u ON u.id = p.created_by
     WHERE ${where} ORDER BY p.payment_date DESC, p.id DESC`);
  return rows.map((r) => ({
    id: String(r.id), invoiceId: String(r.invoice_id), paymentDate: r.payment_date, amount: r.amount, method: r.method, reference: r.reference,
    isOverpayment: r.is_overpayment, createdBy: r.created_by == null ? null : { id: String(r.created_by), name: r.creator_name ?? '' }, createdAt: isoTimestamp(r.created_at)!,
  }));
}

/** The payments of an invoice, latest payment date first; 404 for an unknown invoice. */
export async function listInvoicePayments(db: Executor, invoiceId: number): Promise<InvoicePaymentRead[]> {
  await invoiceNumber(db, invoiceId); // 404 for an unknown invoice
  return paymentRows(db, sql`p.invoice_id = ${invoiceId}`);
}

/**
 * R65: registers a payment on a posted invoice. 409 INVOICE_NOT_POSTED for a draft, 422
 * CREDIT_NOTE_NOT_PAYABLE for a credit note (it settles its invoice), 422 OVERPAYMENT when the
 * amount is more than the amount due and `overpayment` is not set. Example: due 121.00, paid
 * 100.00 → due 21.00, partially paid; then 21.00 → paid; then 5.00 → OVERPAYMENT unless flagged.
 */
export async function registerPayment(db: Db, invoiceId: number, createdBy: number, input: PaymentInput): Promise<InvoicePaymentRead> {
  return inTransaction(db, async (tx) => {
    const [locked] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, invoiceId)).for('no key update');
    if (!locked) throw notFound('Invoice');
    // Read after the lock, in a statement of its own: under READ COMMITTED it sees the payments
    // committed by whoever held the lock before us (a locking statement keeps its older snapshot).
    const [invoice] = await tx.select({ kind: invoices.kind, state: invoices.state, amountTotal: invoices.amountTotal, dueDate: invoices.dueDate, ...paymentColumns })
      .from(invoices).where(eq(invoices.id, invoiceId));
    if (!invoice) throw notFound('Invoice');
    if (invoice.kind === 'credit_note') throw new AppError('CREDIT_NOTE_NOT_PAYABLE', 'A credit note takes no payment: posting it settles the invoice it reverses');
    if (invoice.state !== 'posted') throw new AppError('INVOICE_NOT_POSTED', 'A draft takes no payment: post the invoice first');
    const { currencyDecimals } = await getCompanySettings(tx);
    if (!fitsDecimals(input.amount, currencyDecimals)) throw invalid('amount', `At most ${currencyDecimals} decimals in this currency`);
    const figures = (paid: string) => paymentFigures({ total: invoice.amountTotal, paid, credited: invoice.amountCredited, dueDate: invoice.dueDate, today: input.paymentDate, decimals: currencyDecimals });
    const due = figures(invoice.amountPaid).amountDue;
    const isOverpayment = figures(sumAmounts([invoice.amountPaid, input.amount], currencyDecimals)).amountDue.startsWith('-');
    if (isOverpayment && !input.overpayment) {
      throw new AppError('OVERPAYMENT', `The payment is more than the amount due (${due}): confirm it as an overpayment to register it`, [
        { path: 'amount', message: `More than the amount due (${due})` },
      ]);
    }
    const [row] = await tx.insert(invoicePayments).values({ invoiceId, paymentDate: input.paymentDate, amount: input.amount, method: input.method, reference: input.reference ?? '', isOverpayment, createdBy })
      .returning({ id: invoicePayments.id });
    return (await paymentRows(tx, sql`p.id = ${row!.id}`))[0]!;
  });
}
