// R65 (issue 12, decision 0029): payments on posted invoices, the amount due and the payment state,
// the list's payment filter, and the database's guards on invoice_payments.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { todayUtc } from '../src/core/dates.ts';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';

/** A posted invoice of 60 minutes at 90.00 + 21 %: total 108.90 (its own order and customer). */
async function postedInvoice(api: ApiClient, body: { invoiceDate?: string } = {}, entryDate = '2026-11-02') {
  const setup = await createBillingSetup(api);
  await logMinutes(api, setup.ticket.id, [60], { date: entryDate });
  const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
  return ok(await api.post(`/invoices/${draft.id}/post`, body));
}

const pay = (api: ApiClient, invoiceId: string, amount: string, extra: Record<string, unknown> = {}) =>
  api.post(`/invoices/${invoiceId}/payments`, { paymentDate: todayUtc(), amount, method: 'bank_transfer', reference: 'SEPA 42', ...extra });

/** A database refusal whose message (Drizzle wraps it: its cause's) matches. */
const refusal = (pattern: RegExp) => (e: any) => pattern.test(e.cause?.message ?? e.message);

const figures = (i: any) => [i.amountPaid, i.amountCredited, i.amountDue, i.paymentState];

forEachDatabase('payments', (ctx) => {
  let api: ApiClient & { userId: string };
  let overdue: any;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
    // First, so that its early invoice date keeps the numbering's dates in order (R43).
    overdue = await postedInvoice(api, { invoiceDate: '2020-01-10' }, '2020-01-06');
  });

  test('R65: a partial payment leaves the rest due; paying the rest makes the invoice paid', async () => {
    const invoice = await postedInvoice(api);
    assert.deepEqual([invoice.amountTotal, ...figures(invoice)], ['108.90', '0.00', '0.00', '108.90', 'not_paid']);
    const payment = ok(await pay(api, invoice.id, '100'));
    assert.deepEqual([payment.amount, payment.method, payment.reference, payment.isOverpayment, payment.createdBy.id], ['100.00', 'bank_transfer', 'SEPA 42', false, api.userId]);
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['100.00', '0.00', '8.90', 'partially_paid']);
    ok(await pay(api, invoice.id, '8.90', { method: 'card' }));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['108.90', '0.00', '0.00', 'paid']);
    const listed = ok(await api.get(`/invoices/${invoice.id}/payments`)).items;
    assert.deepEqual(listed.map((p: any) => p.amount).sort(), ['100.00', '8.90']);
    const trail = await queryRows<{ action: string }>(ctx.t.database.db, sql`SELECT action FROM audit_events WHERE object_type = 'invoice' AND object_id = ${Number(invoice.id)} AND action = 'invoice_payments_added'`);
    assert.equal(trail.length, 2, 'each payment is on the invoice audit trail');
  });

  test('R65: a payment above the amount due is refused (422 OVERPAYMENT) unless it says overpayment: true', async () => {
    const invoice = await postedInvoice(api);
    const unchanged = [`/invoices/${invoice.id}`, `/invoices/${invoice.id}/payments`];
    const refused = await refuses(api, () => pay(api, invoice.id, '108.91'), 422, 'OVERPAYMENT', unchanged);
    assert.equal(refused.error.details[0].path, 'amount');
    await refuses(api, () => pay(api, invoice.id, '200', { overpayment: false }), 422, 'OVERPAYMENT', unchanged);
    const over = ok(await pay(api, invoice.id, '110.00', { overpayment: true }));
    assert.equal(over.isOverpayment, true);
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['110.00', '0.00', '-1.10', 'paid']);
    // The flag on a payment that fits is no overpayment (nothing owed back).
    const fitting = await postedInvoice(api);
    assert.equal(ok(await pay(api, fitting.id, '8.90', { overpayment: true })).isOverpayment, false);
  });

  test('R65: a draft takes no payment (409 INVOICE_NOT_POSTED), nor a credit note (422), and nothing changes', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [30]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual(figures(draft), [null, null, null, null]);
    await refuses(api, () => pay(api, draft.id, '1'), 409, 'INVOICE_NOT_POSTED', [`/invoices/${draft.id}`, `/invoices/${draft.id}/payments`]);
    const invoice = await postedInvoice(api);
    const credit = ok(await api.post(`/invoices/${ok(await api.post(`/invoices/${invoice.id}/reverse`)).id}/post`, {}));
    await refuses(api, () => pay(api, credit.id, '1'), 422, 'CREDIT_NOTE_NOT_PAYABLE', [`/invoices/${credit.id}`, `/invoices/${credit.id}/payments`]);
    assert.deepEqual(figures(credit), [null, null, null, null]);
  });

  test('R65: a posted credit note settles the invoice it reverses; after a payment the credit is owed back', async () => {
    const invoice = await postedInvoice(api);
    const draftCredit = ok(await api.post(`/invoices/${invoice.id}/reverse`));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['0.00', '0.00', '108.90', 'not_paid'], 'a draft credit note settles nothing');
    ok(await api.post(`/invoices/${draftCredit.id}/post`, {}));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['0.00', '108.90', '0.00', 'paid']);
    await refuses(api, () => pay(api, invoice.id, '1'), 422, 'OVERPAYMENT', [`/invoices/${invoice.id}`]);

    const paidFirst = await postedInvoice(api);
    ok(await pay(api, paidFirst.id, '108.90'));
    ok(await api.post(`/invoices/${ok(await api.post(`/invoices/${paidFirst.id}/reverse`)).id}/post`, {}));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${paidFirst.id}`))), ['108.90', '108.90', '-108.90', 'paid']);
  });

  test('R65: an invoice due before today (UTC) is overdue, even partly paid, and the payment filter finds it', async () => {
    assert.equal(overdue.dueDate < todayUtc(), true);
    assert.equal(overdue.paymentState, 'overdue');
    ok(await pay(api, overdue.id, '8.90'));
    const read = ok(await api.get(`/invoices/${overdue.id}`));
    assert.deepEqual(figures(read), ['8.90', '0.00', '100.00', 'overdue']);
    const listed = ok(await api.get('/invoices?payment=overdue&limit=100')).items;
    assert.deepEqual(listed.map((i: any) => i.id), [overdue.id]);
    assert.equal(ok(await api.get('/invoices?payment=partially_paid&limit=100')).items.some((i: any) => i.id === overdue.id), false);
  });

  test('R65: the list carries the same figures as the read, and each payment filter lists exactly the invoices in that state', async () => {
    await postedInvoice(api);
    const all = ok(await api.get('/invoices?limit=100')).items;
    assert.ok(all.length >= 10);
    for (const item of all) {
      assert.deepEqual(figures(item), figures(ok(await api.get(`/invoices/${item.id}`))), `invoice ${item.id}`);
    }
    const states = ['not_paid', 'partially_paid', 'paid', 'overdue'];
    for (const state of states) {
      const filtered = ok(await api.get(`/invoices?payment=${state}&limit=100`)).items.map((i: any) => i.id).sort();
      assert.deepEqual(filtered, all.filter((i: any) => i.paymentState === state).map((i: any) => i.id).sort(), state);
    }
    assert.deepEqual(new Set(all.map((i: any) => i.paymentState)), new Set([...states, null]), 'every state is covered');
    const csv = String((await api.get('/exports/invoice-lines.csv?payment=overdue')).body);
    assert.ok(csv.includes(overdue.number) && all.filter((i: any) => i.paymentState === 'paid').every((i: any) => !csv.includes(i.number)), 'the lines export takes the same filter');
    const refused = await api.get('/invoices?payment=late');
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'VALIDATION_FAILED']);
  });

  test('R65: the database refuses to change or remove a payment, and a payment above the due without the flag', async () => {
    const invoice = await postedInvoice(api);
    const payment = ok(await pay(api, invoice.id, '10'));
    const db = ctx.t.database.db;
    await assert.rejects(db.execute(sql`UPDATE invoice_payments SET amount = 1 WHERE id = ${Number(payment.id)}`), refusal(/append-only/));
    await assert.rejects(db.execute(sql`DELETE FROM invoice_payments WHERE id = ${Number(payment.id)}`), refusal(/append-only/));
    await assert.rejects(db.execute(sql`INSERT INTO invoice_payments (invoice_id, payment_date, amount, method) VALUES (${Number(invoice.id)}, '2026-12-01', 98.91, 'cash')`), refusal(/more than the amount due/));
    await assert.rejects(db.execute(sql`INSERT INTO invoice_payments (invoice_id, payment_date, amount, method, is_overpayment) VALUES (${Number(invoice.id)}, '2026-12-01', 5, 'cash', true)`), refusal(/no overpayment/));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['10.00', '0.00', '98.90', 'partially_paid']);
  });

  test('R65: accountants register and read payments; agents and managers may not register (403)', async () => {
    const invoice = await postedInvoice(api);
    const accountant = await apiAs(ctx.t.database.db, 'accountant', api.app);
    ok(await pay(accountant, invoice.id, '1.00'));
    const manager = await apiAs(ctx.t.database.db, 'manager', api.app);
    assert.equal(ok(await manager.get(`/invoices/${invoice.id}/payments`)).items.length, 1);
    const agent = await apiAs(ctx.t.database.db, 'agent', api.app);
    for (const who of [agent, manager]) {
      await refuses(api, () => pay(who, invoice.id, '1.00'), 403, 'FORBIDDEN', [`/invoices/${invoice.id}`, `/invoices/${invoice.id}/payments`]);
    }
    assert.equal((await agent.get(`/invoices/${invoice.id}/payments`)).status, 403);
  });

  test('R65: bad input is a 400 naming the field, and registers nothing', async () => {
    const invoice = await postedInvoice(api);
    const unchanged = [`/invoices/${invoice.id}`, `/invoices/${invoice.id}/payments`];
    for (const [body, path] of [
      [{ amount: '0' }, 'amount'], [{ amount: '-5' }, 'amount'], [{ amount: '1.005' }, 'amount'], [{ amount: 10 }, 'amount'],
      [{ method: 'bitcoin' }, 'method'], [{ paymentDate: '2026-02-30' }, 'paymentDate'], [{ reference: 'x'.repeat(201) }, 'reference'], [{ extra: 1 }, ''],
    ] as const) {
      const refused = await refuses(api, () => pay(api, invoice.id, '1', body), 400, 'VALIDATION_FAILED', unchanged);
      if (path) assert.ok(refused.error.details.some((d: any) => d.path === path), `${JSON.stringify(body)}: ${JSON.stringify(refused.error.details)}`);
    }
    await refuses(api, () => pay(api, '999999999', '1'), 404, 'NOT_FOUND', unchanged);
  });

  test('R65: two payments of the whole amount due at once: one is registered, the other refused', async () => {
    const invoice = await postedInvoice(api);
    // On PostgreSQL another session holds the invoice row until both payments wait on it, so they
    // truly run at the same moment: without the lock taken before reading the amount due, both
    // would read 108.90 due and both would pass (their foreign-key check waits after the reading).
    const holder = ctx.t.url ? new pg.Client({ connectionString: ctx.t.url }) : null;
    if (holder) {
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM invoices WHERE id = $1 FOR UPDATE', [invoice.id]);
    }
    const racing = Promise.all([pay(api, invoice.id, '108.90'), pay(api, invoice.id, '108.90')]);
    if (holder) {
      const deadline = Date.now() + 10_000;
      for (let waiting = 0; waiting < 2;) {
        assert.ok(Date.now() < deadline, `both payments wait on the held invoice (${waiting} waiting)`);
        await holder.query('SELECT pg_stat_clear_snapshot()'); // the activity view is cached for the transaction otherwise
        waiting = Number((await holder.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await holder.query('COMMIT');
      await holder.end();
    }
    const replies = await racing;
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 422], JSON.stringify(replies.map((r) => r.body)));
    assert.deepEqual(figures(ok(await api.get(`/invoices/${invoice.id}`))), ['108.90', '0.00', '0.00', 'paid']);
  });
  test('R65: the portal shows the customer what is still due on each invoice, and its state', async () => {
    const invoice = await postedInvoice(api);
    ok(await pay(api, invoice.id, '8.90'));
    const customer = await apiAs(ctx.t.database.db, 'customer', api.app, { customerId: invoice.customerId });
    const mine = ok(await customer.get('/portal/invoices')).items;
    assert.deepEqual(mine.map((i: any) => [i.number, i.amountDue, i.paymentState]), [[invoice.number, '100.00', 'partially_paid']]);
    assert.equal('amountPaid' in mine[0], false, 'the portal shows only what the customer needs');
    assert.deepEqual([ok(await customer.get(`/portal/invoices/${invoice.id}`)).amountDue], ['100.00']);
  });
});
