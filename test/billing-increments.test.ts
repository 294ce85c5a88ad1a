// Issue 13, R78: billing increments per line (a step and a minimum per entry) and the per-entry
// multiplier; the recorded minutes never change, the billed minutes are derived and stored, and
// everything downstream (delivered, invoices, credit notes, cumulative rounding) counts them.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { billedEntryMinutes } from '../src/core/billed-minutes.ts';
import { deleteDraft, postInvoice } from '../src/modules/invoicing/index.ts';
import { createInvoiceFromOrder, logTime, updateSaleOrderLine } from '../src/modules/service-billing/index.ts';
import { queryRows } from '../src/platform/db.ts';
import { SYSTEM_ACTOR } from '../src/platform/http.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { checkInvariantsAfterEach, createTestDatabase, forEachDatabase, refusal, type TestDatabase } from './db.ts';
import { checkBillingInvariants } from './invariants.ts';
import { buildProduct, createBillingSetup, logMinutes } from './factories.ts';
import { hasPoppler, pdfText } from './pdf-text.ts';

forEachDatabase('billing increments (R78)', (ctx) => {
  let api: ApiClient;
  const run = <T = Record<string, unknown>>(statement: SQL) => queryRows<T>(ctx.t.database.db, statement);
  const entryRow = async (id: string) => (await run<{ minutes: number; billed_minutes: number }>(sql`SELECT minutes, billed_minutes FROM timesheets WHERE id = ${Number(id)}`))[0]!;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R78: a 7-minute entry on a line with a 15-minute step bills 15 minutes; the recorded 7 never change', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const line = ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 15 })).lines[0];
    assert.deepEqual([line.billingStepMinutes, line.billingMinimumMinutes], [15, null]);
    const [entry] = await logMinutes(api, setup.ticket.id, [7]);
    assert.deepEqual([entry.minutes, entry.billedMinutes, entry.billedMultiplier], [7, 15, '1']);
    assert.deepEqual(await entryRow(entry.id), { minutes: 7, billed_minutes: 15 });
    const listed = ok(await api.get(`/tickets/${setup.ticket.id}/timesheets`)).items[0];
    assert.deepEqual([listed.minutes, listed.billedMinutes], [7, 15]);
    const order = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual([order.lines[0].deliveredMinutes, order.lines[0].qtyDelivered], [15, '0.25']);
    // Editing the entry recomputes what it bills; the recorded minutes are what the agent typed.
    const edited = ok(await api.patch(`/timesheets/${entry.id}`, { minutes: 16 }));
    assert.deepEqual([edited.minutes, edited.billedMinutes], [16, 30]);
  });

  test('R78: a minimum, then the step, per entry; delivered and invoiced sum billed minutes exactly, with cumulative rounding (R5)', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 15, billingMinimumMinutes: 30 }));
    const entries = [];
    for (const [i, minutes] of [7, 31, 50, 5].entries()) entries.push(...(await logMinutes(api, setup.ticket.id, [minutes], { date: `2026-11-0${i + 2}` })));
    assert.deepEqual(entries.map((e) => e.billedMinutes), [30, 45, 60, 30]);
    assert.deepEqual(entries.map((e) => e.minutes), [7, 31, 50, 5]);
    // Each invoiced on its own: q(B + N) − q(B) on billed minutes.
    const quantities: string[] = [];
    for (const entry of entries) {
      const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: entry.date, periodEnd: entry.date }));
      quantities.push(invoice.lines[0].quantity);
      assert.deepEqual(invoice.lines[0].entries.map((e: any) => [e.minutes, e.recordedMinutes, e.billedMultiplier]), [[entry.billedMinutes, entry.minutes, '1']]);
      ok(await api.post(`/invoices/${invoice.id}/post`, {}));
      if (entry !== entries.at(-1)) await logMinutes(api, setup.ticket.id, [1], { date: '2026-11-20' }); // later, kept out of these invoices
    }
    assert.deepEqual(quantities, ['0.50', '0.75', '1.00', '0.50']);
    const line = ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0];
    // 165 billed minutes invoiced; three 1-minute entries later, each billed 30: 255 delivered.
    assert.deepEqual([line.deliveredMinutes, line.qtyDelivered, line.qtyInvoiced, line.qtyToInvoice], [255, '4.25', '2.75', '1.50']);
  });

  test('R78: an entry\'s multiplier (× 1.5) applies to what it bills, after its minimum and step; the invoice and its PDF show it', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 15, billingMinimumMinutes: 30 }));
    const [entry, plain] = await logMinutes(api, setup.ticket.id, [7, 40]);
    await run(sql`UPDATE timesheets SET billed_multiplier = 1.5 WHERE id = ${Number(entry.id)}`);
    const read = ok(await api.get(`/timesheets/${entry.id}`));
    assert.deepEqual([read.minutes, read.billedMinutes, read.billedMultiplier], [7, 45, '1.5']);
    assert.equal(read.billedMinutes, billedEntryMinutes(7, { stepMinutes: 15, minimumMinutes: 30 }, '1.5'));
    assert.equal(ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0].deliveredMinutes, 45 + 45);
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(invoice.lines[0].quantity, '1.50');
    const detail = invoice.lines[0].entries.map((e: any) => [e.timesheetId, e.minutes, e.recordedMinutes, e.billedMultiplier]);
    assert.deepEqual(detail, [[entry.id, 45, 7, '1.5'], [plain.id, 45, 40, '1']]);
    const pdf = await api.get(`/invoices/${invoice.id}/pdf`);
    assert.equal(pdf.status, 200);
    if (hasPoppler) {
      const text = pdfText(pdf.body as Buffer);
      assert.match(text, /work 7 \(recorded 0:07, × 1\.5\)/);
      assert.match(text, /work 40 \(recorded 0:40\)/);
    }
  });

  test('R78: changing a line\'s increments rebills only the entries no invoice claims, in one transaction, with audit rows', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const [claimed] = await logMinutes(api, setup.ticket.id, [7], { date: '2026-11-02' });
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await api.post(`/invoices/${invoice.id}/post`, {}));
    const [free] = await logMinutes(api, setup.ticket.id, [7], { date: '2026-11-03' });
    assert.deepEqual([claimed.billedMinutes, free.billedMinutes], [7, 7]);
    const order = ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 15 }));
    assert.equal((await entryRow(claimed.id)).billed_minutes, 7, 'the invoiced entry keeps what it billed');
    assert.equal((await entryRow(free.id)).billed_minutes, 15);
    assert.deepEqual([order.lines[0].deliveredMinutes, order.lines[0].qtyInvoiced, order.lines[0].qtyToInvoice], [22, '0.12', '0.25']);
    const events = ok(await api.get(`/audit-events?objectType=timesheet&objectId=${free.id}`)).items as any[];
    assert.deepEqual(events.find((e) => e.after?.billed_minutes !== undefined)?.before, { billed_minutes: 7 });
    const lineEvents = ok(await api.get(`/audit-events?objectType=sale_order_line&objectId=${setup.lineId}`)).items as any[];
    assert.deepEqual(lineEvents[0].after, { billing_step_minutes: 15 });
    assert.equal((await api.get(`/audit-events?objectType=timesheet&objectId=${claimed.id}`)).body.items.filter((e: any) => e.after?.billed_minutes !== undefined).length, 0);
    // Back to none: the free entry bills its 7 minutes again; the next invoice bills them.
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: null }));
    assert.equal((await entryRow(free.id)).billed_minutes, 7);
    const next = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual([next.lines[0].quantity, next.lines[0].entries.map((e: any) => e.minutes)], ['0.11', [7]]);
  });

  test('R78: an entry moved to another line (R21) bills by that line\'s increments; a credited entry bills again what it billed (the line\'s increments unchanged)', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, billingMinimumMinutes: 60 })).lines[1];
    assert.equal(second.billingMinimumMinutes, 60);
    const [entry] = await logMinutes(api, setup.ticket.id, [20]);
    assert.equal(entry.billedMinutes, 20);
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: second.id }));
    assert.equal(ok(await api.get(`/timesheets/${entry.id}`)).billedMinutes, 60);
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    assert.equal(invoice.lines[0].quantity, '1.00');
    const credit = ok(await api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [entry.id] }));
    assert.deepEqual([credit.lines[0].quantity, credit.lines[0].entries[0].minutes, credit.lines[0].entries[0].recordedMinutes], ['1.00', 60, 20]);
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    const again = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(again.lines[0].quantity, '1.00');
  });

  test('R78: an entry released by a deleted draft, a deleted draft line or a posted credit note bills by its line\'s increments now, with audit rows', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const billed = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await entryRow(id)).billed_minutes));
    const lineOf = async () => ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0];
    // A draft claims the 7-minute entry; the line's step becomes 15: the claimed entry keeps 7.
    const [old] = await logMinutes(api, setup.ticket.id, [7]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 15 }));
    assert.deepEqual(await billed(old.id), [7]);
    // Deleting the draft releases it: it bills 15, as a new 7-minute entry does.
    assert.equal((await api.delete(`/invoices/${draft.id}`)).status, 204);
    const [fresh] = await logMinutes(api, setup.ticket.id, [7]);
    assert.deepEqual(await billed(old.id, fresh.id), [15, 15]);
    assert.deepEqual([(await lineOf()).deliveredMinutes, (await lineOf()).qtyToInvoice], [30, '0.50']);
    const events = ok(await api.get(`/audit-events?objectType=timesheet&objectId=${old.id}`)).items as any[];
    assert.deepEqual(events.filter((e) => e.after?.billed_minutes !== undefined).map((e) => [e.before, e.after]), [[{ billed_minutes: 7 }, { billed_minutes: 15 }]]);
    // A draft's line deleted releases its entries the same way.
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: 30 }));
    assert.deepEqual(await billed(old.id, fresh.id), [15, 15]);
    ok(await api.delete(`/invoices/${second.id}/lines/${second.lines[0].id}`));
    assert.equal((await api.delete(`/invoices/${second.id}`)).status, 204);
    assert.deepEqual(await billed(old.id, fresh.id), [30, 30]);
    // A posted credit note releases the entry it credits (at what the invoice billed: 30); the entry
    // then bills by the line's increments now (none: 7), and the next invoice bills that.
    const invoice = ok(await api.post(`/invoices/${ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id}/post`, {}));
    assert.equal(invoice.lines[0].quantity, '1.00');
    ok(await api.patch(`/sale-order-lines/${setup.lineId}`, { billingStepMinutes: null }));
    assert.deepEqual(await billed(old.id, fresh.id), [30, 30]);
    const credit = ok(await api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [old.id] }));
    assert.deepEqual([credit.lines[0].quantity, credit.lines[0].entries[0].minutes], ['0.50', 30]);
    assert.deepEqual(await billed(old.id), [30], 'a draft credit note releases nothing yet');
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    assert.deepEqual(await billed(old.id, fresh.id), [7, 30]);
    assert.deepEqual([(await lineOf()).deliveredMinutes, (await lineOf()).qtyInvoiced, (await lineOf()).qtyToInvoice], [37, '0.50', '0.12']);
    const again = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual([again.lines[0].quantity, again.lines[0].entries.map((e: any) => [e.timesheetId, e.minutes])], ['0.12', [[old.id, 7]]]);
  });

  test('R78 database guard: a draft deleted by SQL alone releases its entries billed by their line\'s increments now', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const [entry] = await logMinutes(api, setup.ticket.id, [7]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    await run(sql`UPDATE sale_order_lines SET billing_minimum_minutes = 20 WHERE id = ${Number(setup.lineId)}`);
    assert.equal((await entryRow(entry.id)).billed_minutes, 7);
    await run(sql`DELETE FROM invoices WHERE id = ${Number(draft.id)}`);
    assert.equal((await entryRow(entry.id)).billed_minutes, 20);
  });

  test('R78: bad increments are refused with 400 and change nothing; a manual line takes none', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const path = `/sale-order-lines/${setup.lineId}`;
    for (const bad of [0, -15, 1441, 7.5, '15']) {
      const body = await refuses(api, () => api.patch(path, { billingStepMinutes: bad }), 400, 'VALIDATION_FAILED', [`/sale-orders/${setup.order.id}`]);
      assert.equal(body.error.details[0].path, 'billingStepMinutes');
      await refuses(api, () => api.patch(path, { billingMinimumMinutes: bad }), 400, 'VALIDATION_FAILED', [`/sale-orders/${setup.order.id}`]);
    }
    const manual = ok(await api.post('/products', buildProduct({ unit: 'unit', invoicingPolicy: 'manual' })));
    const before = ok(await api.get(`/sale-orders/${setup.order.id}`));
    const body = await refuses(api, () => api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id, billingStepMinutes: 15 }), 400, 'VALIDATION_FAILED', [`/sale-orders/${setup.order.id}`]);
    assert.equal(body.error.details[0].path, 'billingStepMinutes');
    assert.equal(ok(await api.get(`/sale-orders/${setup.order.id}`)).lines.length, before.lines.length);
    const withManual = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id }));
    const manualLine = withManual.lines.at(-1);
    await refuses(api, () => api.patch(`/sale-order-lines/${manualLine.id}`, { billingMinimumMinutes: 30 }), 400, 'VALIDATION_FAILED', [`/sale-orders/${setup.order.id}`]);
    // The web sends both fields with null for "none": accepted on a manual line.
    assert.equal(ok(await api.patch(`/sale-order-lines/${manualLine.id}`, { billingStepMinutes: null, billingMinimumMinutes: null })).lines.at(-1).billingStepMinutes, null);
  });

  test('R78: a product\'s default increments read back; a new line (order create, "add a line") takes them; explicit values and null win', async () => {
    const setup = await createBillingSetup(api, { product: { billingStepMinutes: 15, billingMinimumMinutes: 30 } });
    assert.deepEqual([setup.product.billingStepMinutes, setup.product.billingMinimumMinutes], [15, 30]);
    const read = ok(await api.get(`/products/${setup.product.id}`));
    assert.deepEqual([read.billingStepMinutes, read.billingMinimumMinutes], [15, 30]);
    // Order create: the line takes the product's; entries bill by them.
    assert.deepEqual([setup.order.lines[0].billingStepMinutes, setup.order.lines[0].billingMinimumMinutes], [15, 30]);
    const [entry] = await logMinutes(api, setup.ticket.id, [7]);
    assert.equal(entry.billedMinutes, 30);
    // Add a line: the request's values win, one by one; null is none.
    const added = async (line: Record<string, unknown>) => ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, ...line })).lines.at(-1);
    const plain = await added({});
    assert.deepEqual([plain.billingStepMinutes, plain.billingMinimumMinutes], [15, 30]);
    const own = await added({ billingStepMinutes: 6 });
    assert.deepEqual([own.billingStepMinutes, own.billingMinimumMinutes], [6, 30]);
    const none = await added({ billingStepMinutes: null, billingMinimumMinutes: null });
    assert.deepEqual([none.billingStepMinutes, none.billingMinimumMinutes], [null, null]);
    const draft = ok(await api.post('/sale-orders', { customerId: setup.customer.id, lines: [{ productId: setup.product.id, billingMinimumMinutes: null }, { productId: setup.product.id, billingMinimumMinutes: 60 }] }));
    assert.deepEqual(draft.lines.map((l: any) => [l.billingStepMinutes, l.billingMinimumMinutes]), [[15, null], [15, 60]]);
  });

  test('R78: a line given another product takes that product\'s increments unless the request names them', async () => {
    const setup = await createBillingSetup(api, { product: { billingStepMinutes: 15, billingMinimumMinutes: 30 } });
    const other = ok(await api.post('/products', buildProduct({ billingStepMinutes: 6, billingMinimumMinutes: null })));
    const bare = ok(await api.post('/products', buildProduct()));
    const draft = ok(await api.post('/sale-orders', { customerId: setup.customer.id, lines: [{ productId: setup.product.id }] }));
    const lineId = draft.lines[0].id;
    const patched = async (patch: Record<string, unknown>) => ok(await api.patch(`/sale-order-lines/${lineId}`, patch)).lines[0];
    const moved = await patched({ productId: other.id });
    assert.deepEqual([moved.billingStepMinutes, moved.billingMinimumMinutes], [6, null]);
    const named = await patched({ productId: setup.product.id, billingStepMinutes: 10 });
    assert.deepEqual([named.billingStepMinutes, named.billingMinimumMinutes], [10, 30]);
    const cleared = await patched({ productId: bare.id });
    assert.deepEqual([cleared.billingStepMinutes, cleared.billingMinimumMinutes], [null, null]);
    // A manual product has none: a line moved to it drops its increments.
    ok(await api.patch(`/sale-order-lines/${lineId}`, { productId: setup.product.id }));
    const manual = ok(await api.post('/products', buildProduct({ unit: 'unit', invoicingPolicy: 'manual' })));
    const toManual = await patched({ productId: manual.id });
    assert.deepEqual([toManual.invoicingPolicy, toManual.billingStepMinutes, toManual.billingMinimumMinutes], ['manual', null, null]);
    // A change without a product keeps the line's own.
    const again = await patched({ productId: setup.product.id });
    assert.deepEqual([(await patched({ description: 'Support' })).billingStepMinutes, again.billingStepMinutes], [15, 15]);
  });

  test('R78: changing a product\'s defaults changes no existing line; new lines take the new ones', async () => {
    const setup = await createBillingSetup(api, { product: { billingStepMinutes: 15, billingMinimumMinutes: 30 } });
    const [entry] = await logMinutes(api, setup.ticket.id, [7]);
    const changed = ok(await api.patch(`/products/${setup.product.id}`, { billingStepMinutes: 60, billingMinimumMinutes: null }));
    assert.deepEqual([changed.billingStepMinutes, changed.billingMinimumMinutes], [60, null]);
    const order = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual([order.lines[0].billingStepMinutes, order.lines[0].billingMinimumMinutes, order.lines[0].deliveredMinutes], [15, 30, 30]);
    assert.equal((await entryRow(entry.id)).billed_minutes, 30);
    const added = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id })).lines.at(-1);
    assert.deepEqual([added.billingStepMinutes, added.billingMinimumMinutes], [60, null]);
  });

  test('R78: a product\'s defaults out of bounds, or on a manual product, are refused with 400 and change nothing', async () => {
    const product = ok(await api.post('/products', buildProduct({ billingStepMinutes: 15 })));
    const path = `/products/${product.id}`;
    for (const bad of [0, -15, 1441, 7.5, '15']) {
      for (const field of ['billingStepMinutes', 'billingMinimumMinutes']) {
        const body = await refuses(api, () => api.patch(path, { [field]: bad }), 400, 'VALIDATION_FAILED', [path]);
        assert.equal(body.error.details[0].path, field);
        const created = await api.post('/products', buildProduct({ [field]: bad }));
        assert.equal(created.status, 400);
      }
    }
    const manualBody = buildProduct({ unit: 'unit', invoicingPolicy: 'manual', billingMinimumMinutes: 30 });
    const body = await refuses(api, () => api.post('/products', manualBody), 400, 'VALIDATION_FAILED', ['/products?q=' + encodeURIComponent(String(manualBody.name))]);
    assert.equal(body.error.details[0].path, 'billingMinimumMinutes');
    const manual = ok(await api.post('/products', buildProduct({ unit: 'unit', invoicingPolicy: 'manual' })));
    await refuses(api, () => api.patch(`/products/${manual.id}`, { billingStepMinutes: 15 }), 400, 'VALIDATION_FAILED', [`/products/${manual.id}`]);
    // A product becoming manual drops its defaults unless the change names them (then 400).
    await refuses(api, () => api.patch(path, { unit: 'unit', invoicingPolicy: 'manual', billingStepMinutes: 15 }), 400, 'VALIDATION_FAILED', [path]);
    const nowManual = ok(await api.patch(path, { unit: 'unit', invoicingPolicy: 'manual' }));
    assert.deepEqual([nowManual.billingStepMinutes, nowManual.billingMinimumMinutes], [null, null]);
    // The database holds the same bounds.
    await assert.rejects(run(sql`UPDATE products SET billing_step_minutes = 1441 WHERE id = ${Number(product.id)}`));
    await assert.rejects(run(sql`UPDATE products SET billing_minimum_minutes = 30 WHERE id = ${Number(manual.id)}`));
  });

  test('R78 database guard: a claimed entry\'s billed minutes and multiplier cannot change; multipliers are above 0; increments within a day', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const [entry] = await logMinutes(api, setup.ticket.id, [7]);
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const id = Number(entry.id);
    const invoiced = { code: 'P0001', hint: 'TIMESHEET_INVOICED' };
    assert.deepEqual(await refusal(run(sql`UPDATE timesheets SET billed_minutes = 30 WHERE id = ${id}`)), invoiced);
    assert.deepEqual(await refusal(run(sql`UPDATE timesheets SET billed_multiplier = 2 WHERE id = ${id}`)), invoiced);
    // A line's increments changed by SQL alone rebill nothing; a rebill of a claimed entry is refused.
    await run(sql`UPDATE sale_order_lines SET billing_step_minutes = 15 WHERE id = ${Number(setup.lineId)}`);
    assert.deepEqual(await refusal(run(sql`
      UPDATE timesheets t SET billed_minutes = billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
        FROM sale_order_lines l WHERE l.id = t.sale_order_line_id AND t.id = ${id}`)), invoiced);
    assert.equal((await entryRow(entry.id)).billed_minutes, 7);
    const [free] = await logMinutes(api, setup.ticket.id, [7]);
    assert.equal(free.billedMinutes, 15);
    for (const bad of [0, -1]) assert.equal((await refusal(run(sql`UPDATE timesheets SET billed_multiplier = ${bad} WHERE id = ${Number(free.id)}`))).code, '23514');
    assert.equal((await refusal(run(sql`UPDATE sale_order_lines SET billing_minimum_minutes = 0 WHERE id = ${Number(setup.lineId)}`))).code, '23514');
    assert.equal((await refusal(run(sql`UPDATE sale_order_lines SET billing_step_minutes = 1441 WHERE id = ${Number(setup.lineId)}`))).code, '23514');
    // An unclaimed entry's billed minutes follow its multiplier in the same statement.
    await run(sql`UPDATE timesheets SET billed_multiplier = 2 WHERE id = ${Number(free.id)}`);
    assert.equal((await entryRow(free.id)).billed_minutes, 30);
  });

  test('R78: the database function billed_entry_minutes and billedEntryMinutes agree on every case of a grid', async () => {
    const cases: Array<[number, number | null, number | null, string]> = [];
    for (const recorded of [1, 7, 15, 16, 29, 31, 59, 1440]) {
      for (const step of [null, 1, 7, 15, 60, 1000]) {
        for (const minimum of [null, 8, 30, 1440]) {
          for (const multiplier of ['1', '1.5', '0.001', '2.333', '999.999']) cases.push([recorded, step, minimum, multiplier]);
        }
      }
    }
    const column = (i: 0 | 1 | 2) => `{${cases.map((c) => c[i] ?? 'NULL').join(',')}}`;
    const [row] = await run<{ billed: number[] }>(sql`
      SELECT array_agg(billed_entry_minutes(c.recorded, c.step, c.minimum, c.multiplier) ORDER BY c.n) AS billed
        FROM unnest(${column(0)}::int[], ${column(1)}::int[], ${column(2)}::int[], ${`{${cases.map((c) => c[3]).join(',')}}`}::numeric[])
             WITH ORDINALITY AS c(recorded, step, minimum, multiplier, n)`);
    const expected = cases.map(([recorded, stepMinutes, minimumMinutes, multiplier]) => billedEntryMinutes(recorded, { stepMinutes, minimumMinutes }, multiplier));
    assert.equal(cases.length, 960);
    assert.deepEqual(row?.billed.map(Number), expected);
    assert.ok(expected.includes(15) && expected.includes(45) && expected.includes(1439999), 'the grid holds the worked examples and the largest case');
  });
});

const onPostgres = process.env.TEST_DATABASE_URL ? false : 'races need real concurrent sessions: set TEST_DATABASE_URL (PostgreSQL)';

describe('billing increments racing invoice runs and logging (R78) [postgres]', { skip: onPostgres }, () => {
  let database: (TestDatabase & { drop(): Promise<void> }) | null = null;
  let api: ApiClient & { userId: string };
  const db = () => database!.database.db;
  before(async () => {
    database = await createTestDatabase('postgres');
    api = await apiAs(db(), 'admin');
  });
  after(async () => {
    await api?.app.close();
    await database?.drop();
  });
  checkInvariantsAfterEach(() => database?.database.db);

  /** Every entry of the line against the formula: unclaimed ones with the line's increments now, claimed ones with what their invoice listed. */
  async function assertBilledMinutesHold(lineId: string): Promise<{ claimed: number; free: number }> {
    const rows = await queryRows<{ id: number; minutes: number; billed_minutes: number; step: number | null; minimum: number | null; listed: number | null }>(db(), sql`
      SELECT t.id, t.minutes, t.billed_minutes, l.billing_step_minutes AS step, l.billing_minimum_minutes AS minimum, e.minutes AS listed
        FROM timesheets t JOIN sale_order_lines l ON l.id = t.sale_order_line_id
        LEFT JOIN timesheet_claims c ON c.timesheet_id = t.id
        LEFT JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = t.id
       WHERE t.sale_order_line_id = ${Number(lineId)}`);
    let claimed = 0;
    for (const r of rows) {
      if (r.listed !== null) {
        claimed++;
        assert.equal(r.billed_minutes, r.listed, `entry ${r.id} bills what its invoice listed`);
        assert.ok([r.minutes, billedEntryMinutes(r.minutes, { stepMinutes: 15, minimumMinutes: 30 })].includes(r.billed_minutes), `entry ${r.id} was billed by the old or the new increments`);
      } else {
        assert.equal(r.billed_minutes, billedEntryMinutes(r.minutes, { stepMinutes: r.step, minimumMinutes: r.minimum }), `unclaimed entry ${r.id} bills by the line's increments now`);
      }
    }
    return { claimed, free: rows.length - claimed };
  }

  test('R78/R41: a change of increments racing an invoice run: nothing billed twice, no claimed entry rebilled (10 rounds)', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    const decimals = 2;
    for (let round = 0; round < 10; round++) {
      await logMinutes(api, setup.ticket.id, [7, 20, 31, 45, 50].map((m) => m + round), { date: '2026-11-02' });
      const on = round % 2 === 0;
      const patch = on ? { billingStepMinutes: 15, billingMinimumMinutes: 30 } : { billingStepMinutes: null, billingMinimumMinutes: null };
      const [run, change] = await Promise.allSettled([
        createInvoiceFromOrder(db(), Number(setup.order.id), {}),
        delay(round % 3).then(() => updateSaleOrderLine(db(), decimals, Number(setup.lineId), patch)),
      ]);
      assert.equal(change.status, 'fulfilled', change.status === 'rejected' ? String(change.reason) : '');
      assert.equal(run.status, 'fulfilled', run.status === 'rejected' ? String(run.reason) : '');
      const invoiceId = (run as PromiseFulfilledResult<number>).value;
      const { claimed, free } = await assertBilledMinutesHold(setup.lineId);
      assert.deepEqual([claimed, free], [5 * (round + 1), 0], 'the run claimed every entry of the round, once');
      await checkBillingInvariants(db());
      await postInvoice(db(), invoiceId, {});
    }
    const line = ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0];
    assert.equal(line.qtyToInvoice, '0.00', 'every entry is invoiced once');
  });

  test('R78: a draft deleted while its line\'s increments change releases its entries billed by the increments in force (10 rounds)', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    for (let round = 0; round < 10; round++) {
      await logMinutes(api, setup.ticket.id, [7, 20, 31].map((m) => m + round), { date: '2026-11-04' });
      const draftId = await createInvoiceFromOrder(db(), Number(setup.order.id), {});
      // Unclaimed entries on the same ticket and line: the rebill and the release touch the same kept sums.
      await logMinutes(api, setup.ticket.id, [5 + round], { date: '2026-11-05' });
      const on = round % 2 === 0;
      const patch = on ? { billingStepMinutes: 15, billingMinimumMinutes: 30 } : { billingStepMinutes: null, billingMinimumMinutes: null };
      const [release, change] = await Promise.allSettled([
        delay(round % 3).then(() => deleteDraft(db(), draftId)),
        delay((round + 1) % 3).then(() => updateSaleOrderLine(db(), 2, Number(setup.lineId), patch)),
      ]);
      assert.equal(release.status, 'fulfilled', release.status === 'rejected' ? String(release.reason) : '');
      assert.equal(change.status, 'fulfilled', change.status === 'rejected' ? String(change.reason) : '');
      const { claimed, free } = await assertBilledMinutesHold(setup.lineId);
      assert.deepEqual([claimed, free], [0, 4 * (round + 1)], 'every entry is free, billed by the line\'s increments now');
      await checkBillingInvariants(db());
    }
  });

  test('R78: entries logged while the line\'s increments change all end up billed by the increments in force', async () => {
    const setup = await createBillingSetup(api, { orderLines: undefined });
    for (let round = 0; round < 6; round++) {
      const on = round % 2 === 0;
      const patch = on ? { billingStepMinutes: 15, billingMinimumMinutes: 30 } : { billingStepMinutes: null, billingMinimumMinutes: null };
      await Promise.all([
        ...[3, 8, 17, 26].map((m, i) => delay(i).then(() => logTime(db(), Number(setup.ticket.id), { ...SYSTEM_ACTOR, userId: Number(api.userId) }, { date: '2026-11-03', minutes: m + round }))),
        updateSaleOrderLine(db(), 2, Number(setup.lineId), patch),
      ]);
      const { free } = await assertBilledMinutesHold(setup.lineId);
      assert.equal(free, 4 * (round + 1));
    }
  });
});
