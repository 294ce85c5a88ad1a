// R65, decision 0029: an invoice's amount paid, amount credited, amount due and payment state, as
// read by the invoice, the list (one query, sums by correlated subqueries on indexed columns) and
// its `payment` filter. The state is computed, never stored (posted invoices stay frozen, R43).
import { sql, type SQL } from 'drizzle-orm';
import { paymentFigures, type PaymentState } from '../../core/payment-status.ts';
import { invoices } from './tables.ts';

/** The scale of the stored amounts (NUMERIC(16,2)): the figures are written like amountTotal. */
const AMOUNT_SCALE = 2;

/** The sum of the payments registered on the invoice row in scope. */
const PAID = sql`(SELECT coalesce(sum(p.amount), 0) FROM invoice_payments p WHERE p.invoice_id = ${invoices.id})`;
/** The totals of the posted credit notes reversing it: a credit note settles its invoice. */
const CREDITED = sql`(SELECT coalesce(sum(c.amount_total), 0) FROM invoices c WHERE c.reversed_invoice_id = ${invoices.id} AND c.state = 'posted')`;
/** Only a posted invoice is paid; a draft and a credit note have no payment figures. */
const PAYABLE = sql`(${invoices.state} = 'posted' AND ${invoices.kind} = 'invoice')`;

/** Columns to select beside an invoice row: feed them to `withPaymentFigures`. */
export const paymentColumns = {
  amountPaid: sql<string>`${PAID}::text`.as('amount_paid'),
  amountCredited: sql<string>`${CREDITED}::text`.as('amount_credited'),
};

export interface PaymentRead {
  /** The payments registered; null on a draft or a credit note (and so are the others). */
  amountPaid: string | null;
  /** The totals of the posted credit notes reversing the invoice. */
  amountCredited: string | null;
  /** total − paid − credited; negative when money is owed back. */
  amountDue: string | null;
  paymentState: PaymentState | null;
}

/** R65: the figures of an invoice row selected with `paymentColumns`, on `today` (UTC). */
export function withPaymentFigures(row: { kind: string; state: string; amountTotal: string; dueDate: string | null; amountPaid: string; amountCredited: string }, today: string): PaymentRead {
  if (row.state !== 'posted' || row.kind !== 'invoice') return { amountPaid: null, amountCredited: null, amountDue: null, paymentState: null };
  const figures = paymentFigures({ total: row.amountTotal, paid: row.amountPaid, credited: row.amountCredited, dueDate: row.dueDate, today, decimals: AMOUNT_SCALE });
  return { amountPaid: fixed(row.amountPaid), amountCredited: fixed(row.amountCredited), ...figures };
}

/** A sum as written with the amount scale ('0' → '0.00'); the sums of NUMERIC(16,2) already carry it. */
const fixed = (sum: string) => (sum.includes('.') ? sum : `${sum}.${'0'.repeat(AMOUNT_SCALE)}`);

/**
 * The list's `payment` filter in SQL, the same rule as `paymentFigures` (a test compares the two on
 * every state): paid when nothing is due; overdue when something is due past its due date; else
 * partially paid when something was paid; else not paid. Drafts and credit notes never match.
 */
export function paymentStateIs(state: PaymentState, today: string): SQL {
  const due = sql`(${invoices.amountTotal} - ${PAID} - ${CREDITED})`;
  const open = sql`${PAYABLE} AND ${due} > 0`;
  switch (state) {
    case 'paid': return sql`${PAYABLE} AND ${due} <= 0`;
    case 'overdue': return sql`${open} AND ${invoices.dueDate} < ${today}`;
    case 'partially_paid': return sql`${open} AND ${invoices.dueDate} >= ${today} AND ${PAID} > 0`;
    case 'not_paid': return sql`${open} AND ${invoices.dueDate} >= ${today} AND ${PAID} = 0`;
  }
}
