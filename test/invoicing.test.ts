import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addDays } from '../src/core/dates.ts';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, createBillingSetup, logMinutes } from './factories.ts';

const pick = (o: Record<string, unknown>, ...keys: string[]) => keys.map((k) => o[k]);
import { hasPoppler, pdfText } from './pdf-text.ts';

const line = async (api: ApiClient, orderId: string, index = 0) => ok(await api.get(`/sale-orders/${orderId}`)).lines[index];

/** The number part of INV/2026/00042. */
const seq = (number: string) => Number(number.split('/')[2]);

/** An order whose line has a posted invoice (60 minutes), then a draft invoice (30 more minutes). */
async function postedThenDraft(api: ApiClient) {
  const setup = await createBillingSetup(api);
  await logMinutes(api, setup.ticket.id, [60]);
  const posted = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
  await logMinutes(api, setup.ticket.id, [30]);
  const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
  return { setup, posted, draft };
}

forEachDatabase('invoicing', (ctx) => {
  let api: ApiClient;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R5: five entries invoiced one at a time total 6.67 h, exactly the delivered quantity', async () => {
    const setup = await createBillingSetup(api);
    const quantities = [];
    for (const minutes of [15, 50, 225, 75, 35]) {
      await logMinutes(api, setup.ticket.id, [minutes]);
      const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
      quantities.push(invoice.lines[0].quantity);
      ok(await api.post(`/invoices/${invoice.id}/post`, {}));
    }
    assert.deepEqual(quantities, ['0.25', '0.83', '3.75', '1.25', '0.59']);
    const l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyDelivered, l.qtyInvoiced, l.qtyToInvoice, l.invoiceStatus], ['6.67', '6.67', '0.00', 'invoiced']);
  });

  test('R3/R30: delivered is q(Σ billable minutes) in the line unit (days use minutesPerDay)', async () => {
    const setup = await createBillingSetup(api, { product: { unit: 'day', unitPrice: '800.00' } });
    await logMinutes(api, setup.ticket.id, [480, 480, 60]);
    await logMinutes(api, setup.ticket.id, [120], { billable: false });
    const l = await line(api, setup.order.id);
    assert.deepEqual([l.unit, l.qtyDelivered, l.deliveredMinutes], ['day', '2.13', 1020]);
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual([invoice.lines[0].quantity, invoice.lines[0].subtotal], ['2.13', '1704.00']);
  });

  test('R31/R32/R33: invoiced counts drafts, to invoice is delivered − invoiced, statuses follow', async () => {
    const setup = await createBillingSetup(api);
    let l = await line(api, setup.order.id);
    assert.equal(l.invoiceStatus, 'no');
    await logMinutes(api, setup.ticket.id, [90]);
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyToInvoice, l.invoiceStatus], ['1.50', 'to_invoice']);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyInvoiced, l.qtyToInvoice, l.invoiceStatus], ['1.50', '0.00', 'invoiced']);
    ok(await api.delete(`/invoices/${draft.id}`));
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyInvoiced, l.qtyToInvoice], ['0.00', '1.50']);
    // A quotation shows nothing to invoice whatever is on it.
    const quotation = ok(await api.post('/sale-orders', { customerId: setup.customer.id, lines: [{ productId: setup.product.id, quantity: '5' }] }));
    assert.deepEqual([quotation.lines[0].qtyToInvoice, quotation.invoiceStatus], ['0.00', 'no']);
  });

  test('R32/R33: prepaid lines bill the ordered quantity; time counts against it; upselling when over', async () => {
    const setup = await createBillingSetup(api, { product: { invoicingPolicy: 'prepaid', unitPrice: '80.00' }, orderLines: undefined });
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { quantity: '2' }));
    let l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyToInvoice, l.invoiceStatus], ['2.00', 'to_invoice']);
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual([invoice.lines[0].quantity, invoice.lines[0].timesheetIds], ['2.00', []]);
    ok(await api.post(`/invoices/${invoice.id}/post`, {}));
    await logMinutes(api, setup.ticket.id, [90]);
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyDelivered, l.invoiceStatus], ['1.50', 'invoiced']);
    await logMinutes(api, setup.ticket.id, [60]);
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyDelivered, l.qtyToInvoice, l.invoiceStatus], ['2.50', '0.00', 'upselling']);
    assert.equal(ok(await api.get(`/sale-orders/${setup.order.id}`)).invoiceStatus, 'upselling');
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, {}), 409, 'NOTHING_TO_INVOICE', ['/invoices?limit=500']);
  });

  test('R44: reversing a prepaid line credits what is left of it once, and posting the credit puts it back to invoice', async () => {
    const setup = await createBillingSetup(api, { product: { invoicingPolicy: 'prepaid', unitPrice: '80.00' }, orderLines: undefined });
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { quantity: '2' }));
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    const credit = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    assert.deepEqual([credit.lines[0].quantity, credit.lines[0].originLineId, credit.amountTotal], ['2.00', invoice.lines[0].id, invoice.amountTotal]);
    // The draft credit note already takes the whole line: a second reverse finds nothing left.
    await refuses(api, () => api.post(`/invoices/${invoice.id}/reverse`), 409, 'NOTHING_TO_CREDIT', [`/invoices/${invoice.id}`]);
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    const l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyInvoiced, l.qtyToInvoice, l.invoiceStatus], ['0.00', '2.00', 'to_invoice']);
    await refuses(api, () => api.post(`/invoices/${invoice.id}/reverse`), 409, 'NOTHING_TO_CREDIT', [`/invoices/${invoice.id}`]);
  });

  test('R30/R40: manual lines take delivered by hand and bill delivered − invoiced', async () => {
    const customer = ok(await api.post('/customers', buildCompany()));
    const product = ok(await api.post('/products', { name: unique('Monitoring'), unit: 'unit', unitPrice: '49.90', taxRate: '21', invoicingPolicy: 'manual' }));
    const order = ok(await api.post(`/sale-orders/${ok(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '12' }] })).id}/confirm`));
    await refuses(api, () => api.post(`/sale-orders/${order.id}/invoices`, {}), 409, 'NOTHING_TO_INVOICE', [`/sale-orders/${order.id}`]);
    const updated = ok(await api.patch(`/sale-order-lines/${order.lines[0].id}`, { qtyDelivered: '3' }));
    assert.equal(updated.lines[0].qtyToInvoice, '3.00');
    const invoice = ok(await api.post(`/sale-orders/${order.id}/invoices`, {}));
    assert.deepEqual([invoice.lines[0].quantity, invoice.lines[0].subtotal, invoice.amountTax, invoice.amountTotal], ['3.00', '149.70', '31.44', '181.14']);
  });

  test('R34: lines can be added to a confirmed order; product, unit and price freeze once time is delivered', async () => {
    const setup = await createBillingSetup(api);
    const grown = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, unitPrice: '120' }));
    assert.equal(grown.lines.length, 2);
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { unitPrice: '95.00' }));
    await logMinutes(api, setup.ticket.id, [30]);
    for (const patch of [{ unitPrice: '100.00' }, { unit: 'day' }, { productId: setup.product.id }]) {
      await refuses(api, () => api.patch(`/sale-order-lines/${setup.lineId}`, patch), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    }
    assert.equal(ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { description: 'Support (renamed)' })).lines[0].description, 'Support (renamed)');
    await refuses(api, () => api.delete(`/sale-order-lines/${setup.lineId}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/cancel`), 409, 'ORDER_HAS_INVOICES', [`/sale-orders/${setup.order.id}`]);
  });

  test('R71: a time-billed order shows delivered, invoiced and to-invoice values per line and in total', async () => {
    const setup = await createBillingSetup(api, { product: { unitPrice: '97.35' } });
    const manual = ok(await api.post('/products', { name: unique('Monitoring'), unit: 'unit', unitPrice: '49.90', taxRate: '21', invoicingPolicy: 'manual' }));
    ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id, quantity: '12' }));
    await logMinutes(api, setup.ticket.id, [60, 90, 25]);
    ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    await logMinutes(api, setup.ticket.id, [35]);
    const order = ok(await api.patch(`/sale-order-lines/${ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[1].id}`, { qtyDelivered: '3' }));
    const [time, monitoring] = order.lines;
    // 3.50 h delivered, 2.92 h invoiced, 0.58 h left, at 97.35: each value rounded once, as a subtotal.
    assert.deepEqual([time.quantity, time.subtotal], ['0.00', '0.00']);
    assert.deepEqual([time.qtyDelivered, time.deliveredValue, time.qtyInvoiced, time.invoicedValue, time.qtyToInvoice, time.toInvoiceValue], ['3.50', '340.73', '2.92', '284.26', '0.58', '56.46']);
    assert.deepEqual([monitoring.deliveredValue, monitoring.invoicedValue, monitoring.toInvoiceValue], ['149.70', '0.00', '149.70']);
    assert.deepEqual([order.amountDelivered, order.amountInvoiced, order.amountToInvoice], ['490.43', '284.26', '206.16']);
    // A draft invoice counts as invoiced (R31): nothing is left to invoice.
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const after = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual([after.lines[0].invoicedValue, after.lines[0].toInvoiceValue, after.amountToInvoice], ['340.73', '0.00', '0.00']);
    // A quotation has nothing to invoice: its values to invoice are 0.
    const quotation = ok(await api.post('/sale-orders', { customerId: setup.customer.id, lines: [{ productId: setup.product.id, quantity: '5' }] }));
    assert.deepEqual([quotation.lines[0].deliveredValue, quotation.lines[0].toInvoiceValue, quotation.amountToInvoice, quotation.amountUntaxed], ['0.00', '0.00', '0.00', '486.75']);
  });

  test('R71: canDelete and canCancel with their reasons come from the rules that refuse the delete and the cancel (R34)', async () => {
    const setup = await createBillingSetup(api);
    const grown = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id }));
    const [linked, free] = grown.lines;
    assert.deepEqual([free.canDelete, free.deleteBlockedReason], [true, null]);
    assert.deepEqual([linked.canDelete, linked.deleteBlockedReason], [false, 'This line cannot be deleted: tickets are linked to it']);
    const refused = await refuses(api, () => api.delete(`/sale-order-lines/${linked.id}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    assert.equal(refused.error.message, linked.deleteBlockedReason);
    await logMinutes(api, setup.ticket.id, [30]);
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const used = ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0];
    assert.deepEqual([used.canDelete, used.deleteBlockedReason], [false, 'This line cannot be deleted: an invoice bills it, time is logged on it, tickets are linked to it']);
    assert.equal((await refuses(api, () => api.delete(`/sale-order-lines/${used.id}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`])).error.message, used.deleteBlockedReason);
    assert.equal(ok(await api.delete(`/sale-order-lines/${free.id}`)).lines.length, 1);
    // The same for Cancel order: an order with invoices keeps its lines.
    const invoiced = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual([invoiced.canCancel, invoiced.cancelBlockedReason], [false, 'This order has invoices; it cannot be cancelled']);
    assert.equal((await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/cancel`), 409, 'ORDER_HAS_INVOICES', [`/sale-orders/${setup.order.id}`])).error.message, invoiced.cancelBlockedReason);
    assert.deepEqual([invoiced.canCreateInvoice, invoiced.createInvoiceBlockedReason], [false, 'No line has a quantity to invoice: log time, deliver or order more first']);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, {}), 409, 'NOTHING_TO_INVOICE', [`/sale-orders/${setup.order.id}`]);
    await logMinutes(api, setup.ticket.id, [15]);
    assert.deepEqual(pick(ok(await api.get(`/sale-orders/${setup.order.id}`)), 'canCreateInvoice', 'createInvoiceBlockedReason'), [true, null]);
    const quotation = await createBillingSetup(api, { linkTicket: false });
    assert.deepEqual([quotation.order.canCreateInvoice, quotation.order.createInvoiceBlockedReason], [false, 'No line has a quantity to invoice: log time, deliver or order more first']);
    assert.deepEqual([quotation.order.canCancel, quotation.order.cancelBlockedReason], [true, null]);
    const cancelled = ok(await api.post(`/sale-orders/${quotation.order.id}/cancel`));
    assert.deepEqual([cancelled.canCancel, cancelled.cancelBlockedReason], [false, 'This order is already cancelled']);
    assert.deepEqual([cancelled.canCreateInvoice, cancelled.createInvoiceBlockedReason], [false, 'Only a confirmed order is invoiced']);
    assert.equal((await refuses(api, () => api.post(`/sale-orders/${quotation.order.id}/cancel`), 409, 'ORDER_CANCELLED', [`/sale-orders/${quotation.order.id}`])).error.message, cancelled.cancelBlockedReason);
    assert.deepEqual([cancelled.lines[0].canDelete, cancelled.lines[0].deleteBlockedReason], [false, 'This order is cancelled']);
    assert.equal((await refuses(api, () => api.delete(`/sale-order-lines/${quotation.lineId}`), 409, 'ORDER_CANCELLED', [`/sale-orders/${quotation.order.id}`])).error.message, 'This order is cancelled');
  });

  test('R71: the order view reads canDelete from its figures and agrees with the delete, as time comes and goes and a quantity is delivered by hand', async () => {
    const setup = await createBillingSetup(api);
    const manual = ok(await api.post('/products', { name: unique('Monitoring'), unit: 'unit', unitPrice: '49.90', taxRate: '21', invoicingPolicy: 'manual' }));
    ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id }));
    const grown = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id }));
    const [, timeLine, manualLine] = grown.lines;
    const canDelete = async (lineId: string) => ok(await api.get(`/sale-orders/${setup.order.id}`)).lines.find((l: any) => l.id === lineId);
    const [entry] = await logMinutes(api, setup.ticket.id, [20], { saleOrderLineId: timeLine.id });
    assert.deepEqual([(await canDelete(timeLine.id)).deleteBlockedReason], ['This line cannot be deleted: time is logged on it']);
    await refuses(api, () => api.delete(`/sale-order-lines/${timeLine.id}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    ok(await api.delete(`/timesheets/${entry.id}`));
    assert.deepEqual([(await canDelete(timeLine.id)).canDelete], [true]);
    ok(await api.patch(`/sale-order-lines/${manualLine.id}`, { qtyDelivered: '2' }));
    assert.equal((await canDelete(manualLine.id)).deleteBlockedReason, 'This line cannot be deleted: it has a delivered quantity');
    await refuses(api, () => api.delete(`/sale-order-lines/${manualLine.id}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    ok(await api.patch(`/sale-order-lines/${manualLine.id}`, { qtyDelivered: '0' }));
    assert.equal((await canDelete(manualLine.id)).canDelete, true);
    assert.equal(ok(await api.delete(`/sale-order-lines/${timeLine.id}`)).lines.length, 2);
  });

  test('R34: a quotation without invoices can be cancelled and then takes no invoice nor line', async () => {
    const setup = await createBillingSetup(api, { linkTicket: false });
    const cancelled = ok(await api.post(`/sale-orders/${setup.order.id}/cancel`));
    assert.equal(cancelled.state, 'cancelled');
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, {}), 409, 'ORDER_NOT_CONFIRMED', [`/sale-orders/${setup.order.id}`]);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id }), 409, 'ORDER_CANCELLED', [`/sale-orders/${setup.order.id}`]);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/confirm`), 409, 'ORDER_NOT_DRAFT', [`/sale-orders/${setup.order.id}`]);
  });

  test('R40: a period bills only entries dated inside it (inclusive); nothing → 409 and no invoice', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [60], { date: '2026-10-31' });
    await logMinutes(api, setup.ticket.id, [30], { date: '2026-11-01' });
    await logMinutes(api, setup.ticket.id, [45], { date: '2026-11-30' });
    await logMinutes(api, setup.ticket.id, [15], { date: '2026-12-01' });
    const invoices = `/invoices?saleOrderId=${setup.order.id}`;
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: '2026-09-01', periodEnd: '2026-09-30' }), 409, 'NOTHING_TO_INVOICE', [invoices]);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: '2026-11-30', periodEnd: '2026-11-01' }), 400, 'VALIDATION_FAILED', [invoices]);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: '2026-11-31' }), 400, 'VALIDATION_FAILED', [invoices]);
    const november = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: '2026-11-01', periodEnd: '2026-11-30' }));
    assert.deepEqual([november.lines[0].quantity, november.lines[0].entries.map((e: any) => e.date), november.periodStart], ['1.25', ['2026-11-01', '2026-11-30'], '2026-11-01']);
    const rest = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(rest.lines[0].quantity, '1.25'); // q(75 + 75) − q(75) = 2.50 − 1.25
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, {}), 409, 'NOTHING_TO_INVOICE', [invoices]);
  });

  test('R40/R43: post: true creates and posts in one transaction; a post refused leaves no draft and no claim behind', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [90]);
    const unchanged = [`/invoices?saleOrderId=${setup.order.id}`, `/sale-orders/${setup.order.id}`, `/timesheets/${entry.id}`];
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, { invoiceDate: '2026-11-30' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, { post: true, invoiceDate: '2099-01-01' }), 400, 'VALIDATION_FAILED', unchanged);
    const posted = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
    assert.equal(posted.state, 'posted');
    assert.match(posted.number, /^INV\/\d{4}\/\d{5}$/);
    assert.deepEqual([posted.lines[0].quantity, ok(await api.get(`/timesheets/${entry.id}`)).status], ['1.50', 'invoiced']);
  });

  test('R42: deleting a draft, or one of its lines, releases its entries', async () => {
    const setup = await createBillingSetup(api);
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, unitPrice: '150' })).lines[1];
    const [a] = await logMinutes(api, setup.ticket.id, [60]);
    const [b] = await logMinutes(api, setup.ticket.id, [30], { saleOrderLineId: second.id });
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(draft.lines.length, 2);
    const trimmed = ok(await api.delete(`/invoices/${draft.id}/lines/${draft.lines[1].id}`));
    assert.deepEqual([trimmed.lines.length, trimmed.amountUntaxed], [1, '90.00']);
    assert.equal(ok(await api.get(`/timesheets/${b.id}`)).status, 'to_invoice');
    assert.equal(ok(await api.get(`/timesheets/${a.id}`)).status, 'invoiced');
    assert.equal((await api.delete(`/invoices/${draft.id}`)).status, 204);
    assert.equal((await api.get(`/invoices/${draft.id}`)).status, 404);
    assert.equal(ok(await api.get(`/timesheets/${a.id}`)).status, 'to_invoice');
  });

  test('R43: posting numbers without gaps, sets dates and snapshots the customer; posted is frozen', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [60]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(draft.number, null);
    const today = new Date().toISOString().slice(0, 10);
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const posted = ok(await api.post(`/invoices/${draft.id}/post`, { invoiceDate: today }));
    assert.match(posted.number, new RegExp(`^INV/${today.slice(0, 4)}/\\d{5}$`));
    assert.deepEqual([posted.invoiceDate, posted.dueDate, posted.customerSnapshot.name], [today, due, setup.customer.name]);
    ok(await api.patch(`/customers/${setup.customer.id}`, { name: 'Renamed Ltd' }));
    assert.equal(ok(await api.get(`/invoices/${draft.id}`)).customerSnapshot.name, setup.customer.name);
    const path = `/invoices/${draft.id}`;
    await refuses(api, () => api.post(`${path}/post`, {}), 409, 'INVOICE_POSTED', [path]);
    await refuses(api, () => api.delete(path), 409, 'INVOICE_POSTED', [path]);
    await refuses(api, () => api.delete(`${path}/lines/${posted.lines[0].id}`), 409, 'INVOICE_POSTED', [path]);
    // Numbers follow dates: an earlier date than the last posted is refused and uses no number.
    await logMinutes(api, setup.ticket.id, [30]);
    const next = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    await refuses(api, () => api.post(`/invoices/${next.id}/post`, { invoiceDate: '2026-01-01' }), 409, 'INVOICE_DATE_BEFORE_LAST', [`/invoices/${next.id}`]);
    const nextPosted = ok(await api.post(`/invoices/${next.id}/post`, {}));
    assert.equal(seq(nextPosted.number), seq(posted.number) + 1);
  });

  test('R43: the database refuses moving a draft line into a posted invoice', async () => {
    const { posted, draft } = await postedThenDraft(api);
    await assert.rejects(
      queryRows(ctx.t.database.db, sql`UPDATE invoice_lines SET invoice_id = ${Number(posted.id)} WHERE id = ${Number(draft.lines[0].id)}`),
      (error: any) => (error.cause?.hint ?? error.hint) === 'INVOICE_POSTED',
    );
  });

  test('R44: reverse credits the whole invoice; posting the credit note releases entries for the next invoice', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [20, 20, 20]);
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    const credit = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    assert.deepEqual([credit.kind, credit.state, credit.reversedInvoiceId, credit.lines[0].quantity, credit.amountTotal], ['credit_note', 'draft', invoice.id, '1.00', invoice.amountTotal]);
    await refuses(api, () => api.post(`/invoices/${invoice.id}/reverse`), 409, 'NOTHING_TO_CREDIT', [`/invoices/${invoice.id}`]);
    // Deleting the draft credit note releases nothing: the entries stay invoiced.
    ok(await api.delete(`/invoices/${credit.id}`));
    assert.equal(ok(await api.get(`/timesheets/${invoice.lines[0].timesheetIds[0]}`)).status, 'invoiced');
    const again = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/invoices`, {}), 409, 'NOTHING_TO_INVOICE', [`/sale-orders/${setup.order.id}`]);
    const postedCredit = ok(await api.post(`/invoices/${again.id}/post`, {}));
    assert.match(postedCredit.number, /^RINV\/\d{4}\/\d{5}$/);
    let l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyInvoiced, l.qtyToInvoice], ['0.00', '1.00']);
    const rebill = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual(rebill.lines[0].timesheetIds.sort(), [...invoice.lines[0].timesheetIds].sort());
    ok(await api.post(`/invoices/${rebill.id}/post`, {}));
    l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyInvoiced, l.qtyToInvoice], ['1.00', '0.00']);
    assert.deepEqual(ok(await api.get(`/invoices/${invoice.id}`)).creditNoteIds, [again.id]);
  });

  test('R44: a partial credit note credits exactly its entries (R5 backwards); nothing is billed twice', async () => {
    const setup = await createBillingSetup(api);
    const entries = await logMinutes(api, setup.ticket.id, [15, 50, 225, 75, 35]);
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    assert.equal(invoice.lines[0].quantity, '6.67');
    const credit = ok(await api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [entries[1].id] }));
    assert.deepEqual([credit.lines[0].quantity, credit.lines[0].timesheetIds], ['0.84', [entries[1].id]]); // q(400) − q(350)
    await refuses(api, () => api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [entries[1].id] }), 409, 'ENTRY_ALREADY_CREDITED', [`/invoices/${invoice.id}`]);
    const stranger = await createBillingSetup(api);
    const [foreign] = await logMinutes(api, stranger.ticket.id, [10]);
    await refuses(api, () => api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [foreign.id] }), 422, 'ENTRY_NOT_ON_INVOICE', [`/invoices/${invoice.id}`]);
    await refuses(api, () => api.post(`/invoices/${credit.id}/credit-notes`, { timesheetIds: [entries[0].id] }), 404, 'NOT_FOUND', [`/invoices/${credit.id}`]);
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    // Released: edit it (the correction), and the next invoice bills exactly it.
    assert.equal(ok(await api.patch(`/timesheets/${entries[1].id}`, { minutes: 40 })).status, 'to_invoice');
    const next = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual([next.lines[0].timesheetIds, next.lines[0].quantity], [[entries[1].id], '0.67']); // q(390) − q(350)
    ok(await api.post(`/invoices/${next.id}/post`, {}));
    const l = await line(api, setup.order.id);
    assert.deepEqual([l.qtyDelivered, l.qtyInvoiced, l.qtyToInvoice], ['6.50', '6.50', '0.00']);
    // The Odoo bug class: reversing the original now credits only what it still bills.
    const reverse = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    assert.deepEqual(reverse.lines[0].timesheetIds.sort(), [entries[0].id, entries[2].id, entries[3].id, entries[4].id].sort());
  });

  test('R45: invoice lines list the entries they bill with date, agent, ticket, description, duration', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [25], { description: 'Ζωή reset password', date: '2026-11-05' });
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const [entry] = invoice.lines[0].entries;
    assert.deepEqual([entry.date, entry.agentName, entry.ticketNumber, entry.ticketSubject, entry.description, entry.minutes], ['2026-11-05', 'Test admin', setup.ticket.number, setup.ticket.subject, 'Ζωή reset password', 25]);
    const pdf = await api.get(`/invoices/${invoice.id}/pdf`);
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-disposition']), /draft-\d+\.pdf/);
    assert.ok((pdf.body as Buffer).length > 5000);
  });

  test('invoices: filters by state, kind and customer', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [60]);
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    const credit = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    const mine = ok(await api.get(`/invoices?customerId=${setup.customer.id}`)).items.map((i: any) => i.id);
    assert.deepEqual(mine, [credit.id, invoice.id]);
    assert.deepEqual(ok(await api.get(`/invoices?customerId=${setup.customer.id}&kind=credit_note`)).items.map((i: any) => i.id), [credit.id]);
    assert.deepEqual(ok(await api.get(`/invoices?customerId=${setup.customer.id}&state=posted`)).items.map((i: any) => i.id), [invoice.id]);
    assert.equal((await api.get('/invoices?state=paid')).status, 400);
  });
  test('R43: a posted invoice keeps the seller as it was at posting; a draft shows the current settings', async (t) => {
    const original = ok(await api.get('/company'));
    const seller = { name: unique('Seller Ltd'), street: '1 Quay Street', city: 'Dublin', postalCode: 'D02 XY45', country: 'IE', vatId: 'IE1234567T' };
    ok(await api.patch('/company', seller));
    try {
      const setup = await createBillingSetup(api);
      await logMinutes(api, setup.ticket.id, [60]);
      const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
      assert.equal(draft.companySnapshot, null);
      const posted = ok(await api.post(`/invoices/${draft.id}/post`, {}));
      assert.deepEqual(posted.companySnapshot, seller);
      ok(await api.patch('/company', { name: 'Renamed Seller BV', vatId: 'NL999999999B01' }));
      const read = ok(await api.get(`/invoices/${posted.id}`));
      assert.deepEqual(read.companySnapshot, seller);
      assert.deepEqual(ok(await api.get(`/invoices?customerId=${setup.customer.id}`)).items[0].companySnapshot, seller);
      // A draft made after the change still follows the settings (no snapshot until posted).
      await logMinutes(api, setup.ticket.id, [30]);
      const next = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
      assert.equal(ok(await api.get(`/invoices/${next.id}`)).companySnapshot, null);
      const pdf = await api.get(`/invoices/${posted.id}/pdf`);
      assert.equal(pdf.status, 200);
      const draftPdf = await api.get(`/invoices/${next.id}/pdf`);
      assert.equal(draftPdf.status, 200);
      await t.test('the posted PDF prints the seller of the posting; a draft PDF the current settings', (st) => {
        if (!hasPoppler) {
          st.skip('pdftotext (poppler-utils) is not installed');
          return;
        }
        const text = pdfText(pdf.body as Buffer);
        assert.ok(text.includes(seller.name), 'the posted PDF prints the seller name of the posting');
        assert.ok(text.includes(seller.vatId), 'and its VAT id');
        assert.ok(!text.includes('Renamed Seller BV') && !text.includes('NL999999999B01'), 'not the current settings');
        assert.ok(pdfText(draftPdf.body as Buffer).includes('Renamed Seller BV'), 'a draft PDF prints the current settings');
      });
    } finally {
      const { name, street, city, postalCode, country, vatId } = original;
      ok(await api.patch('/company', { name, street, city, postalCode, country, vatId }));
    }
  });

  test('R43: posting refuses an invoice date after tomorrow or before 2000 (400, no number taken)', async () => {
    const { posted: first, draft } = await postedThenDraft(api);
    const path = `/invoices/${draft.id}`;
    const today = new Date().toISOString().slice(0, 10);
    for (const invoiceDate of [addDays(today, 2), '2999-01-01', '1999-12-31']) {
      const body = await refuses(api, () => api.post(`${path}/post`, { invoiceDate }), 400, 'VALIDATION_FAILED', [path]);
      assert.deepEqual(body.error.details.map((d: any) => d.path), ['invoiceDate'], invoiceDate);
    }
    const posted = ok(await api.post(`${path}/post`, {}));
    assert.equal(seq(posted.number), seq(first.number) + 1, 'the refusals took no number');
  });

  test('R43: a credit note cannot be dated before the invoice it reverses (400, no number taken)', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [60]);
    const today = new Date().toISOString().slice(0, 10);
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, { invoiceDate: today }));
    const lastCredit = async () => {
      const credits = ok(await api.get('/invoices?kind=credit_note&state=posted&limit=500')).items.filter((c: any) => c.number.split('/')[1] === today.slice(0, 4));
      return Math.max(0, ...credits.map((c: any) => seq(c.number)));
    };
    const before = await lastCredit();
    const credit = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    const path = `/invoices/${credit.id}`;
    const body = await refuses(api, () => api.post(`${path}/post`, { invoiceDate: addDays(today, -1) }), 400, 'VALIDATION_FAILED', [path, `/invoices/${invoice.id}`]);
    assert.deepEqual(body.error.details.map((d: any) => d.path), ['invoiceDate']);
    const posted = ok(await api.post(`${path}/post`, { invoiceDate: today }));
    assert.equal(seq(posted.number), before + 1, 'the refusal took no number');
  });
});
