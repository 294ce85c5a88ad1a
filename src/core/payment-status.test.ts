import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paymentFigures, type PaymentState } from './payment-status.ts';

// [name, total, paid, credited, due date, today, expected amount due, expected state]
type Case = [string, string, string, string, string | null, string, string, PaymentState];
const today = '2026-03-10';
const cases: Case[] = [
  ['R65: an unpaid invoice before its due date is not paid', '121.00', '0', '0', '2026-03-31', today, '121.00', 'not_paid'],
  ['R65: an invoice is not overdue on its due date itself', '121.00', '0', '0', today, today, '121.00', 'not_paid'],
  ['R65: an unpaid invoice the day after its due date is overdue', '121.00', '0', '0', '2026-03-09', today, '121.00', 'overdue'],
  ['R65: a part payment leaves the rest due, partially paid', '121.00', '21.00', '0', '2026-03-31', today, '100.00', 'partially_paid'],
  ['R65: a partly paid invoice past its due date reads overdue', '121.00', '21.00', '0', '2026-03-01', today, '100.00', 'overdue'],
  ['R65: payments summing to the total make it paid, even past its due date', '121.00', '121.00', '0', '2026-03-01', today, '0.00', 'paid'],
  ['R65: a credit note reversing the whole invoice settles it', '121.00', '0', '121.00', '2026-03-01', today, '0.00', 'paid'],
  ['R65: a partial credit note and a payment together settle it', '121.00', '100.00', '21.00', '2026-03-31', today, '0.00', 'paid'],
  ['R65: a partial credit note alone leaves the rest due, not paid', '121.00', '0', '21.00', '2026-03-31', today, '100.00', 'not_paid'],
  ['R65: an explicit overpayment shows a negative amount due, paid', '121.00', '130.00', '0', '2026-03-31', today, '-9.00', 'paid'],
  ['R65: one cent left due is still partially paid', '0.03', '0.02', '0', '2026-03-31', today, '0.01', 'partially_paid'],
  ['R65: a zero-total invoice is paid', '0.00', '0', '0', '2026-03-01', today, '0.00', 'paid'],
  ['R65: a currency without decimals writes whole amounts', '1000', '400', '0', null, today, '600', 'partially_paid'],
];
for (const [name, total, paid, credited, dueDate, now, amountDue, paymentState] of cases) {
  test(name, () => {
    assert.deepEqual(paymentFigures({ total, paid, credited, dueDate, today: now, decimals: total.includes('.') ? 2 : 0 }), { amountDue, paymentState });
  });
}

test('R65: refuses an amount that is not a plain decimal', () => {
  assert.throws(() => paymentFigures({ total: '1e3', paid: '0', credited: '0', dueDate: null, today, decimals: 2 }), RangeError);
});
