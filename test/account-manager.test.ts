// R80: a sales order's account manager (who gets its upsell alerts, R74): read, set on create and
// on PATCH, refused for anyone who could not open the order, audited; an alert whose manager is
// inactive, unset or no longer sees orders goes to every active admin.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/platform/db.ts';
import { ApiClient, apiAs, ok, refuses, unique } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam, logMinutes } from './factories.ts';

async function recipientsOf(db: Db, lineId: string) {
  const rows = await queryRows<{ user_id: number }>(db, sql`SELECT user_id FROM notifications WHERE sale_order_line_id = ${Number(lineId)} ORDER BY user_id`);
  return rows.map((r) => String(r.user_id));
}

async function mailsTo(db: Db, orderNumber: string) {
  const rows = await queryRows<{ to: string }>(db, sql`
    SELECT payload -> 'to' ->> 'email' AS to FROM outbox
     WHERE kind = 'mail' AND payload ->> 'subject' LIKE ${`Prepaid block: ${orderNumber} %`} ORDER BY 1`);
  return rows.map((r) => r.to);
}

async function activeAdmins(db: Db) {
  const rows = await queryRows<{ id: number }>(db, sql`SELECT id FROM users WHERE active AND role = 'admin' ORDER BY id`);
  return rows.map((r) => String(r.id));
}

forEachDatabase('account manager', (ctx) => {
  let api: ApiClient & { userId: string };
  let db: Db;
  before(async () => {
    db = ctx.t.database.db;
    api = await apiAs(db, 'admin');
  });

  const staff = async (role: 'admin' | 'manager' | 'agent' | 'accountant', extra: Record<string, unknown> = {}) =>
    ok(await api.post('/users', { name: unique(`AM ${role}`), email: `${unique('am')}@example.test`, role, ...extra }));

  /** A confirmed order of a 10-hour block (alert at 100 %), optionally with its account manager named, and a ticket on it. */
  async function block(orderExtra: Record<string, unknown> = {}) {
    const team = ok(await api.post('/teams', buildTeam()));
    const customer = ok(await api.post('/customers', buildCompany()));
    const product = ok(await api.post('/products', buildProduct({ name: unique('Block'), invoicingPolicy: 'prepaid', upsellThresholdPercent: '100' })));
    const draft = ok(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '10' }], ...orderExtra }));
    const order = ok(await api.post(`/sale-orders/${draft.id}/confirm`));
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket'), customerId: customer.id, saleOrderLineId: order.lines[0].id }));
    return { order, lineId: order.lines[0].id as string, ticket, customer };
  }

  test('R80: an order is managed by its creator unless told otherwise; the read and the list name the manager', async () => {
    const { order, customer } = await block();
    assert.deepEqual(order.accountManager, { id: api.userId, name: 'Test admin', active: true });
    const manager = await staff('manager');
    const named = ok(await api.post('/sale-orders', { customerId: customer.id, accountManagerId: manager.id }));
    assert.deepEqual(named.accountManager, { id: manager.id, name: manager.name, active: true });
    const none = ok(await api.post('/sale-orders', { customerId: customer.id, accountManagerId: null }));
    assert.equal(none.accountManager, null);
    const listed = ok(await api.get(`/sale-orders?customerId=${customer.id}`)).items;
    assert.deepEqual(listed.map((o: any) => o.accountManager?.id ?? null), [null, manager.id, api.userId]);
  });

  test('R80: an editor changes the manager with PATCH (a manager, an accountant, an admin, or none); the change is on the audit trail', async () => {
    const { order } = await block();
    const manager = await staff('manager');
    const accountant = await staff('accountant');
    const sales = await apiAs(db, 'manager', api.app);
    assert.equal(ok(await sales.patch(`/sale-orders/${order.id}`, { accountManagerId: manager.id })).accountManager.id, manager.id);
    assert.equal(ok(await sales.patch(`/sale-orders/${order.id}`, { accountManagerId: accountant.id })).accountManager.id, accountant.id);
    assert.equal(ok(await sales.patch(`/sale-orders/${order.id}`, { accountManagerId: null })).accountManager, null);
    assert.equal(ok(await sales.patch(`/sale-orders/${order.id}`, {})).accountManager, null, 'an empty change changes nothing');
    const events = ok(await api.get(`/audit-events?objectType=sale_order&objectId=${order.id}&action=updated`)).items;
    assert.deepEqual(events.map((e: any) => [e.actorId, e.before, e.after]).reverse(), [
      [sales.userId, { account_manager_id: Number(api.userId) }, { account_manager_id: Number(manager.id) }],
      [sales.userId, { account_manager_id: Number(manager.id) }, { account_manager_id: Number(accountant.id) }],
      [sales.userId, { account_manager_id: Number(accountant.id) }, { account_manager_id: null }],
    ]);
    const created = ok(await api.get(`/audit-events?objectType=sale_order&objectId=${order.id}&action=created`)).items;
    assert.equal(created[0].after.account_manager_id, Number(api.userId), 'the creation names the manager too');
  });

  test('R80: an unknown user, a portal user, an inactive user or an agent is refused (422 ACCOUNT_MANAGER_INVALID on accountManagerId), and nothing changes', async () => {
    const { order, customer } = await block();
    const agent = await staff('agent');
    const gone = await staff('manager', { active: false });
    const portal = ok(await api.post('/users', { name: unique('Portal'), email: `${unique('portal')}@example.test`, role: 'customer', customerId: customer.id }));
    const unchanged = [`/sale-orders/${order.id}`, `/sale-orders?customerId=${customer.id}`];
    for (const id of ['999999999', portal.id, gone.id, agent.id]) {
      const body = await refuses(api, () => api.patch(`/sale-orders/${order.id}`, { accountManagerId: id }), 422, 'ACCOUNT_MANAGER_INVALID', unchanged);
      assert.deepEqual(body.error.details.map((d: any) => d.path), ['accountManagerId']);
      await refuses(api, () => api.post('/sale-orders', { customerId: customer.id, accountManagerId: id }), 422, 'ACCOUNT_MANAGER_INVALID', unchanged);
    }
    // With another change in the same request: neither is made.
    const other = ok(await api.post('/customers', buildCompany()));
    const draft = ok(await api.post('/sale-orders', { customerId: customer.id }));
    await refuses(api, () => api.patch(`/sale-orders/${draft.id}`, { customerId: other.id, accountManagerId: agent.id }), 422, 'ACCOUNT_MANAGER_INVALID', [`/sale-orders/${draft.id}`]);
    // A cancelled order is not edited any more; an agent or an accountant may not edit orders at all.
    const cancelled = ok(await api.post(`/sale-orders/${draft.id}/cancel`));
    await refuses(api, () => api.patch(`/sale-orders/${cancelled.id}`, { accountManagerId: null }), 409, 'ORDER_CANCELLED', [`/sale-orders/${cancelled.id}`]);
    const accountant = await apiAs(db, 'accountant', api.app);
    assert.equal((await accountant.patch(`/sale-orders/${order.id}`, { accountManagerId: null })).status, 403);
  });

  test('R80: the alert goes to the manager set on the order, one notification and one mail', async () => {
    const manager = await staff('manager');
    const { order, lineId, ticket } = await block();
    ok(await api.patch(`/sale-orders/${order.id}`, { accountManagerId: manager.id }));
    await logMinutes(api, ticket.id, [600]);
    assert.deepEqual(await recipientsOf(db, lineId), [manager.id]);
    assert.deepEqual(await mailsTo(db, order.number), [manager.email]);
  });

  test('R80: a manager deactivated, none, or one who no longer sees orders: the alert goes to every active admin, once each', async () => {
    await staff('admin'); // at least two admins, so "every admin" differs from "the first admin"
    const manager = await staff('manager');
    const deactivated = await block({ accountManagerId: manager.id });
    ok(await api.patch(`/users/${manager.id}`, { active: false }));
    const unset = await block({ accountManagerId: null });
    const demoted = await staff('accountant');
    const moved = await block({ accountManagerId: demoted.id });
    ok(await api.patch(`/users/${demoted.id}`, { role: 'agent' }));
    for (const b of [deactivated, unset, moved]) {
      await logMinutes(api, b.ticket.id, [600]);
      const admins = await activeAdmins(db);
      assert.ok(admins.length >= 2, `${admins.length} active admins`);
      assert.deepEqual(await recipientsOf(db, b.lineId), admins, 'every active admin');
      assert.equal((await mailsTo(db, b.order.number)).length, admins.length, 'a mail to each');
      await logMinutes(api, b.ticket.id, [60]);
      assert.deepEqual(await recipientsOf(db, b.lineId), admins, 'the crossing raised once');
    }
    // The read says the manager is inactive, so the screen can say where the alerts go.
    assert.deepEqual(ok(await api.get(`/sale-orders/${deactivated.order.id}`)).accountManager, { id: manager.id, name: manager.name, active: false });
  });
});
