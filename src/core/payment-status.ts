// R65 (issue 12): what is still due on a posted invoice and its payment state, from its total, the
// payments registered on it and the posted credit notes reversing it. Pure: no I/O, exact decimals.
import { Decimal } from 'decimal.js';

const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

export type PaymentState = 'not_paid' | 'partially_paid' | 'paid' | 'overdue';

export interface PaymentFigures {
  /** total − paid − credited; negative when the customer overpaid or was credited after paying (owed back). */
  amountDue: string;
  paymentState: PaymentState;
}

function money(name: string, value: string) {
  if (!DECIMAL.test(value)) throw new RangeError(`${name} is not a decimal: ${JSON.stringify(value)}`);
  return new Money(value);
}

/**
 * R65: amount due and payment state. Paid when nothing is left due (credit notes settle too);
 * overdue when something is due and the due date is before today, even if partly paid (the
 * reminder matters more than the part payment; amountPaid still shows it).
 * paymentFigures({ total: '100.00', paid: '40.00', credited: '0', dueDate: '2026-01-31', today: '2026-01-15', decimals: 2 })
 * → { amountDue: '60.00', paymentState: 'partially_paid' }
 */
export function paymentFigures(input: { total: string; paid: string; credited: string; dueDate: string | null; today: string; decimals: number }): PaymentFigures {
  const paid = money('paid', input.paid);
  const due = money('total', input.total).minus(paid).minus(money('credited', input.credited)).toDecimalPlaces(input.decimals, Money.ROUND_HALF_UP);
  const amountDue = (due.isZero() ? due.abs() : due).toFixed(input.decimals);
  if (due.lessThanOrEqualTo(0)) return { amountDue, paymentState: 'paid' };
  if (input.dueDate !== null && input.dueDate < input.today) return { amountDue, paymentState: 'overdue' };
  return { amountDue, paymentState: paid.greaterThan(0) ? 'partially_paid' : 'not_paid' };
}
