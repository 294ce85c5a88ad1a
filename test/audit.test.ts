import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildServer } from '../src/server.ts';
import type { App } from '../src/platform/http.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';

// Audit trail (issue 4, decision 0013): every change to a billing-relevant record leaves an
// append-only row saying who, when (UTC), what, and the watched columns before -> after.
forEachDatabase('audit trail', (ctx) => {
  let app: App;
  let admin: ApiClient & { userId: string };
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    admin = await apiAs(ctx.t.database.db, 'admin', app);
  });

  const events = async (query: string) => ok(await admin.get(`/audit-events?limit=200&${query}`)).items as any[];

  test('time: created, changed and deleted by their author, with the minutes before and after', async () => {
    const setup = await createBillingSetup(admin);
    const agent = await apiAs(ctx.t.database.db, 'agent', app, { teamIds: [setup.team.id] });
    const [entry] = await logMinutes(agent, setup.ticket.id, [30]);
    ok(await agent.patch(`/timesheets/${entry.id}`, { minutes: 45, description: 'descriptions are not watched' }));
    ok(await agent.patch(`/timesheets/${entry.id}`, { billable: false }));
    ok(await agent.delete(`/timesheets/${entry.id}`));
    const rows = (await events(`objectType=timesheet&objectId=${entry.id}`)).reverse();
    assert.deepEqual(rows.map((r) => r.action), ['created', 'updated', 'updated', 'deleted']);
    assert.ok(rows.every((r) => r.actorId === agent.userId && r.actorName === 'Test agent'));
    assert.equal(rows[0].after.minutes, 30);
    assert.equal(rows[0].after.sale_order_line_id, Number(setup.lineId));
    // R78: the billed minutes follow the recorded ones and are audited with them.
    assert.deepEqual([rows[1].before, rows[1].after], [{ minutes: 30, billed_minutes: 30 }, { minutes: 45, billed_minutes: 45 }]);
    assert.deepEqual([rows[2].before, rows[2].after], [{ billable: true, sale_order_line_id: Number(setup.lineId) }, { billable: false, sale_order_line_id: null }]);
    assert.equal(rows[3].before.minutes, 45);
    assert.equal(rows[3].after, null);
    for (const r of rows) assert.match(r.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('ticket line, order state and lines, invoice creation, posting, credit note and draft deletion are recorded with their actor', async () => {
    const setup = await createBillingSetup(admin, { linkTicket: false });
    const manager = await apiAs(ctx.t.database.db, 'manager', app);
    const accountant = await apiAs(ctx.t.database.db, 'accountant', app);
    ok(await manager.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: setup.lineId }));
    await logMinutes(manager, setup.ticket.id, [60]);
    const [moved, linked] = await events(`objectType=ticket&objectId=${setup.ticket.id}`);
    assert.deepEqual(linked, { ...linked, action: 'updated', actorId: manager.userId, before: { sale_order_line_id: null }, after: { sale_order_line_id: Number(setup.lineId) } });
    // R67: logging the time moved the ticket out of New, recorded with the one who logged it.
    assert.deepEqual([moved.action, moved.actorId, Object.keys(moved.after)], ['updated', manager.userId, ['stage_id']]);

    const line = ok(await manager.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, quantity: '2.00' }));
    const lineId = line.lines.at(-1).id;
    ok(await manager.patch(`/sale-order-lines/${lineId}`, { quantity: '3.00' }));
    const lineRows = (await events(`objectType=sale_order_line&objectId=${lineId}`)).reverse();
    assert.deepEqual(lineRows.map((r) => [r.action, r.actorId]), [['created', manager.userId], ['updated', manager.userId]]);
    assert.deepEqual([lineRows[1].before, lineRows[1].after], [{ quantity: 2 }, { quantity: 3 }]);
    const orderRows = await events(`objectType=sale_order&objectId=${setup.order.id}`);
    assert.deepEqual(orderRows.map((r) => r.action), ['confirmed', 'created']);

    const draft = ok(await accountant.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await accountant.delete(`/invoices/${draft.id}`));
    const invoice = ok(await accountant.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const posted = ok(await accountant.post(`/invoices/${invoice.id}/post`, {}));
    const credit = ok(await accountant.post(`/invoices/${invoice.id}/reverse`));
    const draftRows = await events(`objectType=invoice&objectId=${draft.id}`);
    // Created, its totals computed (an update), then deleted.
    assert.deepEqual([draftRows[0].action, draftRows.at(-1).action], ['deleted', 'created']);
    assert.equal(draftRows[0].before.amount_total, Number(draft.amountTotal));
    const invoiceRows = await events(`objectType=invoice&objectId=${invoice.id}`);
    assert.equal(invoiceRows[0].action, 'posted');
    assert.deepEqual(invoiceRows[0].after.number, posted.number);
    assert.equal(invoiceRows[0].before.state, 'draft');
    assert.ok(invoiceRows.every((r) => r.actorId === accountant.userId));
    const creditRows = await events(`objectType=invoice&objectId=${credit.id}`);
    assert.equal(creditRows.at(-1).after.kind, 'credit_note');
    assert.equal(creditRows.at(-1).after.reversed_invoice_id, Number(invoice.id));

    // Filters: by actor and action across objects.
    const byAccountant = await events(`actorId=${accountant.userId}&action=posted`);
    assert.deepEqual(byAccountant.map((r) => r.objectId).sort(), [invoice.id].sort());
  });

  test('user role and team changes are recorded; a change by the API always names its actor', async () => {
    const [{ last }] = ((await ctx.t.database.db.execute(sql`SELECT coalesce(max(id), 0) AS last FROM audit_events`)) as any).rows;
    const team = ok(await admin.post('/teams', { name: 'Audit team' }));
    const user = ok(await admin.post('/users', { name: 'Promoted', email: 'promoted@example.test', role: 'agent', password: 'a long password 1' }));
    ok(await admin.patch(`/users/${user.id}`, { role: 'manager', teamIds: [team.id] }));
    const rows = await events(`objectType=user&objectId=${user.id}`);
    assert.ok(rows.some((r) => r.action === 'updated' && r.before.role === 'agent' && r.after.role === 'manager'));
    assert.ok(rows.some((r) => r.action === 'user_teams_added' && r.after.team_id === Number(team.id)));
    assert.ok(rows.every((r) => r.actorId === admin.userId));
    const { rows: nameless } = await ctx.t.database.db.execute(sql`SELECT count(*) AS n FROM audit_events WHERE actor_id IS NULL AND id > ${last}`) as any;
    assert.equal(nameless[0].n, 0, 'every change made through the API names who made it');
  });

  test("a record's history with its parts: a ticket and its time entries, removed ones included; an order and its lines", async () => {
    const setup = await createBillingSetup(admin);
    const other = await createBillingSetup(admin);
    const [kept, removed] = await logMinutes(admin, setup.ticket.id, [10, 20]);
    await logMinutes(admin, other.ticket.id, [30]);
    ok(await admin.patch(`/timesheets/${kept.id}`, { minutes: 15 }));
    ok(await admin.delete(`/timesheets/${removed.id}`));
    const rows = (await events(`ticketId=${setup.ticket.id}`)).reverse();
    assert.deepEqual(rows.map((r) => [r.objectType, r.objectId, r.action]), [
      ['ticket', setup.ticket.id, 'created'],
      ['timesheet', kept.id, 'created'],
      // R67: the first time logged moved the ticket from New to In progress, in the same statement.
      ['ticket', setup.ticket.id, 'updated'],
      ['timesheet', removed.id, 'created'],
      ['timesheet', kept.id, 'updated'],
      ['timesheet', removed.id, 'deleted'],
    ]);
    const line = ok(await admin.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, quantity: '1.00' })).lines.at(-1);
    ok(await admin.delete(`/sale-order-lines/${line.id}`));
    const orderRows = await events(`saleOrderId=${setup.order.id}`);
    assert.deepEqual(orderRows.filter((r) => r.objectId === line.id).map((r) => r.action), ['deleted', 'created']);
    assert.ok(orderRows.some((r) => r.objectType === 'sale_order' && r.action === 'confirmed'));
    const keys = orderRows.map((r) => `${r.objectType}:${r.objectId}`);
    assert.ok(!keys.includes(`sale_order:${other.order.id}`) && !keys.includes(`sale_order_line:${other.lineId}`), 'nothing of another order');
  });

  test('audit rows are append-only: UPDATE, DELETE and TRUNCATE fail for the app database role', async () => {
    const db = ctx.t.database.db;
    const [{ n: count }] = ((await db.execute(sql`SELECT count(*) AS n FROM audit_events`)) as any).rows;
    assert.ok(count > 0);
    const appendOnly = (error: any) => /append-only/.test(`${error?.message} ${error?.cause?.message}`);
    await assert.rejects(db.execute(sql`UPDATE audit_events SET actor_id = NULL`), appendOnly);
    await assert.rejects(db.execute(sql`DELETE FROM audit_events`), appendOnly);
    await assert.rejects(db.execute(sql`TRUNCATE audit_events`), appendOnly);
    const [{ n: after }] = ((await db.execute(sql`SELECT count(*) AS n FROM audit_events`)) as any).rows;
    assert.equal(after, count);
  });

  test('only managers and admins read the trail; bad filters are refused with 400', async () => {
    for (const role of ['agent', 'accountant'] as const) {
      const other = await apiAs(ctx.t.database.db, role, app);
      assert.equal((await other.get('/audit-events')).status, 403);
    }
    const manager = await apiAs(ctx.t.database.db, 'manager', app);
    assert.equal((await manager.get('/audit-events?objectType=timesheet')).status, 200);
    for (const bad of ['objectType=session', 'objectId=abc', 'from=2026-13-01', 'limit=0', 'colour=red']) {
      const reply = await manager.get(`/audit-events?${bad}`);
      assert.equal(reply.status, 400, bad);
      assert.equal(reply.body.error.code, 'VALIDATION_FAILED');
    }
  });
});
