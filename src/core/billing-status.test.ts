import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryLink, lineBillingFigures, orderInvoiceStatus, orderStatusOfLines, overageToInvoice, prepaidRemaining, timesheetStatus } from './billing-status.ts';
import type { InvoicingPolicy, LineInvoiceStatus, TimesheetStatus } from './billing-status.ts';

// [rule: name, policy, confirmed, ordered, delivered, invoiced, expected qtyToInvoice, expected status]
type LineCase = [string, InvoicingPolicy, boolean, string, string, string, string, LineInvoiceStatus];
const lineCases: LineCase[] = [
  ['R32: has nothing to invoice on a draft order, whatever was delivered', 'timesheets', false, '0.00', '6.67', '0.00', '0.00', 'no'],
  ['R32: has nothing to invoice on a draft prepaid order', 'prepaid', false, '10.00', '0.00', '0.00', '0.00', 'no'],
  ['R32: invoices delivered time not yet invoiced on a timesheets line', 'timesheets', true, '0.00', '6.67', '4.83', '1.84', 'to_invoice'],
  ['R32: invoices all delivered time on a fresh timesheets line', 'timesheets', true, '0.00', '0.33', '0.00', '0.33', 'to_invoice'],
  ['R32: invoices the ordered quantity on a prepaid line before any time is delivered', 'prepaid', true, '10.00', '0.00', '0.00', '10.00', 'to_invoice'],
  ['R32: invoices the rest of the ordered quantity on a prepaid line', 'prepaid', true, '10.00', '12.00', '4.00', '6.00', 'to_invoice'],
  ['R32: invoices delivered minus invoiced on a manual line', 'manual', true, '5.00', '3.00', '1.00', '2.00', 'to_invoice'],
  ['R32: shows a negative quantity to invoice when more was invoiced than delivered', 'timesheets', true, '0.00', '1.00', '1.50', '-0.50', 'to_invoice'],
  ['R33: marks a timesheets line invoiced once all delivered time is invoiced', 'timesheets', true, '0.00', '6.67', '6.67', '0.00', 'invoiced'],
  ['R33: marks a timesheets line invoiced when invoiced reaches ordered', 'timesheets', true, '5.00', '5.00', '5.00', '0.00', 'invoiced'],
  ['R33: leaves a timesheets line at no when invoiced is below ordered', 'timesheets', true, '10.00', '5.00', '5.00', '0.00', 'no'],
  ['R33: leaves an untouched confirmed line at no', 'timesheets', true, '0.00', '0.00', '0.00', '0.00', 'no'],
  ['R33: leaves an untouched confirmed manual line at no', 'manual', true, '0', '0', '0', '0.00', 'no'],
  ['R33: marks a prepaid line upselling when delivered exceeds ordered', 'prepaid', true, '10.00', '12.50', '10.00', '0.00', 'upselling'],
  ['R33: marks a fully invoiced prepaid line invoiced while delivered is within ordered', 'prepaid', true, '10.00', '9.99', '10.00', '0.00', 'invoiced'],
  ['R33: marks a prepaid line invoiced when delivered equals ordered', 'prepaid', true, '10.00', '10.00', '10.00', '0.00', 'invoiced'],
  ['R33: does not mark a timesheets line upselling when delivered exceeds ordered', 'timesheets', true, '1.00', '2.00', '2.00', '0.00', 'invoiced'],
  ['R33: marks a line to invoice after a credit note brings invoiced below delivered', 'timesheets', true, '0.00', '6.67', '6.08', '0.59', 'to_invoice'],
];
for (const [name, policy, orderConfirmed, qtyOrdered, qtyDelivered, qtyInvoiced, qtyToInvoice, invoiceStatus] of lineCases) {
  test(name, () => {
    const figures = lineBillingFigures({ policy, orderConfirmed, qtyOrdered, qtyDelivered, qtyInvoiced });
    assert.deepEqual(figures, { qtyToInvoice, qtyOverageToInvoice: '0.00', invoiceStatus });
  });
}

test('R32: refuses quantities that are not 2-decimal strings, even on a draft order', () => {
  const valid = { policy: 'timesheets' as const, orderConfirmed: false, qtyOrdered: '0', qtyDelivered: '1', qtyInvoiced: '0' };
  assert.throws(() => lineBillingFigures({ ...valid, qtyDelivered: '0.333' }), RangeError);
  assert.throws(() => lineBillingFigures({ ...valid, orderConfirmed: true, qtyInvoiced: 'x' }), RangeError);
});

const orderCases: Array<[LineInvoiceStatus[], LineInvoiceStatus]> = [
  [[], 'no'],
  [['to_invoice'], 'to_invoice'],
  [['invoiced', 'to_invoice', 'no'], 'to_invoice'],
  [['upselling', 'to_invoice'], 'to_invoice'],
  [['invoiced'], 'invoiced'],
  [['invoiced', 'invoiced'], 'invoiced'],
  [['invoiced', 'upselling'], 'upselling'],
  [['upselling'], 'upselling'],
  [['invoiced', 'no'], 'no'],
  [['upselling', 'no'], 'upselling'],
  [['no', 'upselling', 'invoiced'], 'upselling'],
  [['no', 'no'], 'no'],
];
for (const [lines, expected] of orderCases) {
  test(`R33: gives an order with lines [${lines.join(', ')}] the status ${expected}`, () => {
    assert.equal(orderInvoiceStatus(lines), expected);
  });
}

test(`R74: gives an order upselling as soon as a prepaid line is over its block and nothing is to invoice`, () => {
  assert.equal(orderInvoiceStatus(['no', 'upselling']), 'upselling');
  assert.equal(orderInvoiceStatus(['to_invoice', 'upselling']), 'to_invoice');
});

const overageCases: Array<[string, boolean, string, string, string, string, string, LineInvoiceStatus]> = [
  // name, billOverage, ordered, delivered, invoiced (block), overage invoiced, to invoice, status
  ['R75: bills nothing beyond the block without the flag', false, '10.00', '12.50', '10.00', '0.00', '0.00', 'upselling'],
  ['R75: bills the time beyond the block with the flag', true, '10.00', '12.50', '10.00', '0.00', '2.50', 'to_invoice'],
  ['R75: bills the block and its overage together', true, '10.00', '12.50', '0.00', '0.00', '12.50', 'to_invoice'],
  ['R75: bills only the overage not yet invoiced', true, '10.00', '12.50', '10.00', '2.00', '0.50', 'to_invoice'],
  ['R75: bills no overage within the block', true, '10.00', '9.99', '10.00', '0.00', '0.00', 'invoiced'],
  ['R75: shows upselling once the overage is invoiced', true, '10.00', '12.50', '10.00', '2.50', '0.00', 'upselling'],
];
for (const [name, billOverage, qtyOrdered, qtyDelivered, qtyInvoiced, qtyOverageInvoiced, qtyToInvoice, invoiceStatus] of overageCases) {
  test(name, () => {
    const figures = lineBillingFigures({ policy: 'prepaid', orderConfirmed: true, qtyOrdered, qtyDelivered, qtyInvoiced, billOverage, qtyOverageInvoiced });
    assert.deepEqual([figures.qtyToInvoice, figures.invoiceStatus], [qtyToInvoice, invoiceStatus]);
  });
}

test('R75: the overage still to invoice is delivered beyond the block less the overage invoiced', () => {
  assert.deepEqual([overageToInvoice('10.00', '12.50', '1.00'), overageToInvoice('10.00', '8.00', '0.00'), overageToInvoice('10.00', '11.00', '1.50')], ['1.50', '0.00', '-0.50']);
});

type EntryCase = [string, boolean, string | null, boolean, TimesheetStatus];
const entryCases: EntryCase[] = [
  ['shows a claimed entry as invoiced', true, 'line-1', true, 'invoiced'],
  ['shows a claimed entry as invoiced even if later made non-billable', false, null, true, 'invoiced'],
  ['shows a non-billable entry as non_billable', false, null, false, 'non_billable'],
  ['shows a non-billable entry with a line as non_billable', false, 'line-1', false, 'non_billable'],
  ['shows a billable entry without a line as unlinked', true, null, false, 'unlinked'],
  ['shows a billable entry with a line as to_invoice', true, 'line-1', false, 'to_invoice'],
];
for (const [name, billable, saleOrderLineId, claimed, expected] of entryCases) {
  test(`R13: ${name}`, () => assert.equal(timesheetStatus({ billable, saleOrderLineId, claimed }), expected));
}

test('R33: an untouched second rate does not hold an invoiced order at no', () => {
  const line = (invoiceStatus: 'no' | 'invoiced' | 'to_invoice', quantity: string, qtyDelivered: string, qtyInvoiced: string) => ({ invoiceStatus, quantity, qtyDelivered, qtyInvoiced });
  assert.equal(orderStatusOfLines([line('invoiced', '0.00', '2.00', '2.00'), line('no', '0.00', '0.00', '0.00')]), 'invoiced');
  assert.equal(orderStatusOfLines([line('no', '0.00', '0.00', '0.00'), line('no', '0.00', '0.00', '0.00')]), 'no');
  assert.equal(orderStatusOfLines([line('to_invoice', '0.00', '1.00', '0.00'), line('no', '5.00', '0.00', '0.00')]), 'to_invoice');
  assert.equal(orderStatusOfLines([line('invoiced', '1.00', '1.00', '1.00'), line('no', '5.00', '0.00', '0.00')]), 'no');
});

test('R73: the remaining prepaid time is ordered − delivered, negative once used beyond it', () => {
  assert.deepEqual([prepaidRemaining('10.00', '6.67'), prepaidRemaining('10.00', '10.00'), prepaidRemaining('10.00', '12.50')], ['3.33', '0.00', '-2.50']);
});

const linkCases: Array<[string, Parameters<typeof entryLink>[0], ReturnType<typeof entryLink>]> = [
  ['follows the team: billable on a billing team, on the ticket\'s line', { billable: null, line: null, teamBilling: true, ticketLine: 7 }, { billable: true, saleOrderLineId: 7, pinned: false }],
  ['follows the team: not billable on a team without billing', { billable: null, line: null, teamBilling: false, ticketLine: 7 }, { billable: false, saleOrderLineId: null, pinned: false }],
  ['an explicit line makes the entry billable and pins it, whatever the team', { billable: null, line: 9, teamBilling: false, ticketLine: 7 }, { billable: true, saleOrderLineId: 9, pinned: true }],
  ['a billable entry on a ticket without a line is unlinked', { billable: true, line: null, teamBilling: false, ticketLine: null }, { billable: true, saleOrderLineId: null, pinned: false }],
  ['a non-billable entry has no line, even on a linked ticket', { billable: false, line: null, teamBilling: true, ticketLine: 7 }, { billable: false, saleOrderLineId: null, pinned: false }],
];
for (const [name, input, expected] of linkCases) {
  test(`R12: ${name}`, () => assert.deepEqual(entryLink(input), expected));
}
