// Two monthly invoice runs through the invoicing use cases, with the corrections an accountant
// makes: a reversed invoice billed again, a partial credit note, drafts not yet posted. The
// current month stays to invoice, so the dashboard shows hours to invoice.
import { creditEntries, getInvoice, postInvoice, reverseInvoice } from '../modules/invoicing/index.ts';
import { createInvoiceFromOrder, updateSaleOrderLine } from '../modules/service-billing/index.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { addDays, minDate, monthEnd, monthStart } from '../core/dates.ts';
import type { Random } from './random.ts';
import type { OrderRef } from './seed-setup.ts';

interface Period {
  periodStart: string;
  periodEnd: string;
}

interface Issued {
  order: OrderRef;
  invoiceId: number;
}

/** Drafts one invoice per order for the period; orders with nothing to bill get none (R40). */
async function invoiceOrders(db: Db, orders: OrderRef[], period: Period): Promise<Issued[]> {
  const issued: Issued[] = [];
  for (const order of orders) {
    try {
      issued.push({ order, invoiceId: await createInvoiceFromOrder(db, order.orderId, period) });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOTHING_TO_INVOICE')) throw error;
    }
  }
  return issued;
}

/** Monitoring is delivered by hand (manual policy): one unit per month of service so far. */
async function deliverMonitoring(db: Db, decimals: number, orders: OrderRef[], months: string): Promise<void> {
  for (const order of orders) {
    if (order.lines.monitoring) await updateSaleOrderLine(db, decimals, Number(order.lines.monitoring), { qtyDelivered: months });
  }
}

/** A few entries of an invoice, credited because the customer disputed them (R44). */
async function pickDisputed(db: Db, random: Random, invoiceId: number, decimals: number): Promise<number[]> {
  const invoice = await getInvoice(db, invoiceId, decimals);
  const entries = invoice.lines.flatMap((line) => line.timesheetIds);
  return random.shuffle(entries).slice(0, 3).map(Number);
}

/**
 * Month before last: invoiced and posted early last month; one invoice reversed and billed again,
 * one partly credited. Last month: invoiced early this month, the last two left as drafts.
 * Posting follows the dates, as numbering requires (R43).
 */
export async function seedInvoices(db: Db, random: Random, today: string, decimals: number, confirmedOrders: OrderRef[]): Promise<void> {
  const orders = confirmedOrders.filter((o) => !o.customer.notInvoiced);
  const lastMonth = monthStart(today, 1);
  const thisMonth = monthStart(today, 0);
  const earlier = { periodStart: monthStart(today, 2), periodEnd: monthEnd(monthStart(today, 2)) };
  const recent = { periodStart: lastMonth, periodEnd: monthEnd(lastMonth) };

  await deliverMonitoring(db, decimals, orders, '1.00');
  const first = await invoiceOrders(db, orders, earlier);
  for (const { invoiceId } of first) await postInvoice(db, invoiceId, { invoiceDate: addDays(lastMonth, 2) });

  // Sent with the wrong order reference: reversed in full, then billed again (R44: the released entries are billed once more).
  const wrong = first.find((i) => i.order.lines.onsite) ?? first[0];
  if (wrong) {
    await postInvoice(db, await reverseInvoice(db, wrong.invoiceId), { invoiceDate: addDays(lastMonth, 9) });
    await postInvoice(db, await createInvoiceFromOrder(db, wrong.order.orderId, earlier), { invoiceDate: addDays(lastMonth, 9) });
  }
  // The customer disputed a few entries: credited; they are to invoice again.
  const disputed = first.find((i) => i !== wrong && i.order.lines.senior);
  if (disputed) {
    const credit = await creditEntries(db, disputed.invoiceId, await pickDisputed(db, random, disputed.invoiceId, decimals));
    await postInvoice(db, credit, { invoiceDate: addDays(lastMonth, 16) });
  }

  await deliverMonitoring(db, decimals, orders, '2.00');
  const second = await invoiceOrders(db, orders, recent);
  const drafts = 2;
  for (const { invoiceId } of second.slice(0, -drafts)) await postInvoice(db, invoiceId, { invoiceDate: minDate(today, addDays(thisMonth, 2)) });
}
