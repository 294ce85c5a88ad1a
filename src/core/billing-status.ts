// Derived billing figures and statuses of sales order lines, orders (R32, R33) and timesheet
// entries (R13). Quantities are 2-decimal strings, compared and subtracted exactly.
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, subtractQuantities } from './quantity.ts';

/** How a product is invoiced: delivered time, ordered quantity, or delivered set by hand. */
export type InvoicingPolicy = 'timesheets' | 'prepaid' | 'manual';

/** Invoice status of a sales order line or of a whole order (R33). */
export type LineInvoiceStatus = 'no' | 'to_invoice' | 'upselling' | 'invoiced';

/** Derived status of a timesheet entry (R13). */
export type TimesheetStatus = 'non_billable' | 'unlinked' | 'to_invoice' | 'invoiced';

const ZERO = formatQuantity(0n);
const isZero = (quantity: string): boolean => compareQuantities(quantity, ZERO) === 0;

/** Decision 0007: nothing was ever ordered, delivered or invoiced on the line. */
function isUntouched(qtyOrdered: string, qtyDelivered: string, qtyInvoiced: string): boolean {
  return isZero(qtyOrdered) && isZero(qtyDelivered) && isZero(qtyInvoiced);
}

/** R32, R33: a line's quantity to invoice and status: confirmed timesheets, delivered '6.67', invoiced '4.83' → '1.84', to_invoice. */
export function lineBillingFigures(input: {
  policy: InvoicingPolicy;
  orderConfirmed: boolean;
  qtyOrdered: string;
  qtyDelivered: string;
  qtyInvoiced: string;
  /** R75: a prepaid line that bills time beyond its block, and the overage already invoiced (net of posted credits). */
  billOverage?: boolean;
  qtyOverageInvoiced?: string;
}): { qtyToInvoice: string; qtyOverageToInvoice: string; invoiceStatus: LineInvoiceStatus } {
  const { policy, qtyOrdered, qtyDelivered, qtyInvoiced } = input;
  const qtyOverageInvoiced = input.qtyOverageInvoiced ?? ZERO;
  // Parse every figure up front so a malformed one fails even on an unconfirmed order.
  for (const quantity of [qtyOrdered, qtyDelivered, qtyInvoiced, qtyOverageInvoiced]) parseQuantity(quantity);
  if (!input.orderConfirmed) return { qtyToInvoice: ZERO, qtyOverageToInvoice: ZERO, invoiceStatus: 'no' };

  const billable = policy === 'prepaid' ? qtyOrdered : qtyDelivered;
  const qtyOverageToInvoice = policy === 'prepaid' && input.billOverage ? overageToInvoice(qtyOrdered, qtyDelivered, qtyOverageInvoiced) : ZERO;
  const qtyToInvoice = addQuantities(subtractQuantities(billable, qtyInvoiced), qtyOverageToInvoice);
  return { qtyToInvoice, qtyOverageToInvoice, invoiceStatus: confirmedLineStatus(input, qtyToInvoice) };
}

/**
 * R75: the overage of a prepaid line still to invoice: what was delivered beyond the block, less
 * the overage already invoiced: overageToInvoice('10.00', '12.50', '1.00') === '1.50'.
 */
export function overageToInvoice(qtyOrdered: string, qtyDelivered: string, qtyOverageInvoiced: string): string {
  const beyond = subtractQuantities(qtyDelivered, qtyOrdered);
  return subtractQuantities(compareQuantities(beyond, ZERO) > 0 ? beyond : ZERO, qtyOverageInvoiced);
}

function confirmedLineStatus(
  input: { policy: InvoicingPolicy; qtyOrdered: string; qtyDelivered: string; qtyInvoiced: string },
  qtyToInvoice: string,
): LineInvoiceStatus {
  const { policy, qtyOrdered, qtyDelivered, qtyInvoiced } = input;
  if (!isZero(qtyToInvoice)) return 'to_invoice';
  if (policy === 'prepaid' && compareQuantities(qtyDelivered, qtyOrdered) > 0) return 'upselling';
  if (isUntouched(qtyOrdered, qtyDelivered, qtyInvoiced)) return 'no';
  if (compareQuantities(qtyInvoiced, qtyOrdered) >= 0) return 'invoiced';
  return 'no';
}

/**
 * R33 for an order from its lines' figures, leaving out lines nothing happened on (ordered,
 * delivered and invoiced all zero) unless all are: an unused second rate does not hold the order
 * at `no`. Example: lines invoiced + untouched → `invoiced`.
 */
export function orderStatusOfLines(lines: Array<{ invoiceStatus: LineInvoiceStatus; quantity: string; qtyDelivered: string; qtyInvoiced: string }>): LineInvoiceStatus {
  const touched = lines.filter((l) => !isUntouched(l.quantity, l.qtyDelivered, l.qtyInvoiced));
  return orderInvoiceStatus((touched.length > 0 ? touched : lines).map((l) => l.invoiceStatus));
}

/**
 * R40/R71: why Create invoice has nothing to bill on an order, or null when it has: only a
 * confirmed order with a line whose quantity to invoice is above 0 offers it. The order view's
 * `canCreateInvoice` follows this; the invoice run itself refuses with NOTHING_TO_INVOICE.
 */
export function invoiceCreationRefusal(state: 'draft' | 'confirmed' | 'cancelled', lines: Array<{ qtyToInvoice: string }>): string | null {
  if (state !== 'confirmed') return 'Only a confirmed order is invoiced';
  if (lines.some((l) => compareQuantities(l.qtyToInvoice, ZERO) > 0)) return null;
  return 'No line has a quantity to invoice: log time, deliver or order more first';
}

/**
 * R33, R74: an order's status from its lines' statuses: anything to invoice first; then a prepaid
 * line over its block makes the order `upselling`: orderInvoiceStatus(['no', 'upselling']) === 'upselling'.
 */
export function orderInvoiceStatus(lines: LineInvoiceStatus[]): LineInvoiceStatus {
  if (lines.includes('to_invoice')) return 'to_invoice';
  if (lines.length === 0) return 'no';
  if (lines.includes('upselling')) return 'upselling';
  if (lines.every((status) => status === 'invoiced')) return 'invoiced';
  return 'no';
}

/** R13: an entry's status: timesheetStatus({ billable: true, saleOrderLineId: null, claimed: false }) === 'unlinked'. */
export function timesheetStatus(input: {
  billable: boolean;
  saleOrderLineId: string | null;
  claimed: boolean;
}): TimesheetStatus {
  if (input.claimed) return 'invoiced';
  if (!input.billable) return 'non_billable';
  if (input.saleOrderLineId === null) return 'unlinked';
  return 'to_invoice';
}

/**
 * R12: an entry's billable flag, sales order item and pin, from what was given (`billable`, an
 * explicit `line`) and the defaults (the team's billing switch, the ticket's line). An explicit
 * line pins a billable entry; a non-billable entry has no line. Example: entryLink({ billable:
 * null, line: null, teamBilling: true, ticketLine: 7 }) → billable, line 7, not pinned.
 */
export function entryLink(input: { billable: boolean | null; line: number | null; teamBilling: boolean; ticketLine: number | null }): {
  billable: boolean;
  saleOrderLineId: number | null;
  pinned: boolean;
} {
  const billable = input.billable ?? (input.line !== null || input.teamBilling);
  if (!billable) return { billable, saleOrderLineId: null, pinned: false };
  return { billable, saleOrderLineId: input.line ?? input.ticketLine, pinned: input.line !== null };
}

/** R73: what is left of a prepaid line, negative once more was used than bought: prepaidRemaining('10.00', '12.50') === '-2.50'. */
export function prepaidRemaining(qtyOrdered: string, qtyDelivered: string): string {
  return subtractQuantities(qtyOrdered, qtyDelivered);
}
