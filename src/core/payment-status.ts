// R65 (issue 12): what is still due on a posted invoice and its payment state, from its total, the
// payments registered on it and the posted credit notes reversing it. Pure: no I/O, exact decimals.
import { compareAmounts, subtractAmounts } from './money.ts';

export type PaymentState = 'not_paid' | 'partially_paid' | 'paid' | 'overdue';

export interface PaymentFigures {
  /** total − paid − credited; negative when the customer overpaid or was credited after paying (owed back). */
  amountDue: string;
  paymentState: PaymentState;
}

/**
 * R65: amount due and payment state. Paid when nothing is left due (credit notes settle too);
 * overdue when something is due and the due date is before today, even if partly paid (the
 * reminder matters more than the part payment; amountPaid still shows it).
 * paymentFigures({ total: '100.00', paid: '40.00', credited: '0', dueDate: '2026-01-31', today: '2026-01-15', decimals: 2 })
 * → { amountDue: '60.00', paymentState: 'partially_paid' }
 */
export function paymentFigures(input: { total: string; paid: string; credited: string; dueDate: string | null; today: string; decimals: number }): PaymentFigures {
  const amountDue = subtractAmounts(input.total, [input.paid, input.credited], input.decimals);
  if (compareAmounts(amountDue, '0') <= 0) return { amountDue, paymentState: 'paid' };
  if (input.dueDate !== null && input.dueDate < input.today) return { amountDue, paymentState: 'overdue' };
  return { amountDue, paymentState: compareAmounts(input.paid, '0') > 0 ? 'partially_paid' : 'not_paid' };
}
