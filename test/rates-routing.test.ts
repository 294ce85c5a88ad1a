// Issue 13 (R76, R77, decision 0037): rates per agent and per work type. An order maps agents and
// work types to its lines; time follows the mapping when logged and when the mapping changes,
// never an invoiced or pinned entry. Through the API, and at the database level, on every database.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam, stageNamed } from './factories.ts';

interface World {
  team: { id: string };
  customer: { id: string };
  orderId: string;
  standard: string;
  senior: string;
  afterHours: string;
  ticket: string;
}

forEachDatabase('rates per agent and work type', (ctx) => {
  let api: ApiClient & { userId: string };
  let aoife: ApiClient & { userId: string };
  let bram: ApiClient & { userId: string };
  let products: { standard: string; senior: string; afterHours: string; manual: string };
  const db = () => ctx.t.database.db;

  before(async () => {
    api = await apiAs(db(), 'admin');
    products = {
      standard: ok(await api.post('/products', buildProduct({ name: unique('Standard'), unitPrice: '80' }))).id,
      senior: ok(await api.post('/products', buildProduct({ name: unique('Senior'), unitPrice: '120' }))).id,
      afterHours: ok(await api.post('/products', buildProduct({ name: unique('After hours'), unitPrice: '150' }))).id,
      manual: ok(await api.post('/products', buildProduct({ name: unique('Setup'), invoicingPolicy: 'manual' }))).id,
    };
  });

  /** A billing team with two agents, a confirmed order with Standard, Senior, After hours and a manual line, a ticket on Standard. */
  async function world(): Promise<World> {
    const team = ok(await api.post('/teams', buildTeam()));
    aoife = await apiAs(db(), 'agent', api.app, { teamIds: [team.id] });
    bram = await apiAs(db(), 'agent', api.app, { teamIds: [team.id] });
    const customer = ok(await api.post('/customers', buildCompany()));
    const lines = [products.standard, products.senior, products.afterHours, products.manual].map((productId) => ({ productId }));
    const draft = ok(await api.post('/sale-orders', { customerId: customer.id, lines }));
    const order = ok(await api.post(`/sale-orders/${draft.id}/confirm`));
    const [standard, senior, afterHours] = (order.lines as Array<{ id: string }>).map((l) => l.id) as [string, string, string];
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket'), customerId: customer.id, saleOrderLineId: standard })).id;
    return { team, customer, orderId: order.id, standard, senior, afterHours, ticket };
  }
  const log = (as: ApiClient, ticket: string, body: Record<string, unknown> = {}) => as.post(`/tickets/${ticket}/timesheets`, { date: '2026-11-02', minutes: 30, ...body });
  const lineOf = async (entryId: string) => ok(await api.get(`/timesheets/${entryId}`)).saleOrderLineId as string | null;
  const delivered = async (orderId: string, lineId: string) =>
    (ok(await api.get(`/sale-orders/${orderId}`)).lines as Array<{ id: string; deliveredMinutes: number }>).find((l) => l.id === lineId)!.deliveredMinutes;

  test('R77: managers keep work types (name unique, multiplier above 0, default 1); agents read them; inactive ones are refused on entries', async () => {
    const manager = await apiAs(db(), 'manager', api.app);
    const name = unique('After-hours');
    const created = ok(await manager.post('/work-types', { name, multiplier: '1.5' }));
    assert.deepEqual([created.name, created.active, created.multiplier], [name, true, '1.50']);
    assert.equal(ok(await manager.post('/work-types', { name: unique('Remote') })).multiplier, '1.00');
    await refuses(manager, () => manager.post('/work-types', { name: ` ${name.toUpperCase()} ` }), 409, 'CONFLICT', ['/work-types']);
    await refuses(manager, () => manager.post('/work-types', { name: unique('Zero'), multiplier: '0' }), 400, 'VALIDATION_FAILED', ['/work-types']);
    await refuses(manager, () => manager.post('/work-types', { name: unique('Float'), multiplier: 1.5 }), 400, 'VALIDATION_FAILED', ['/work-types']);
    const w = await world();
    assert.equal((await aoife.post('/work-types', { name: unique('Mine') })).status, 403);
    assert.ok((ok(await aoife.get('/work-types')).items as Array<{ id: string }>).some((t) => t.id === created.id));
    const entry = ok(await log(aoife, w.ticket, { workTypeId: created.id }));
    assert.deepEqual([entry.workTypeId, entry.workTypeName], [created.id, name]);
    assert.equal(ok(await manager.patch(`/work-types/${created.id}`, { active: false })).active, false);
    assert.equal(ok(await aoife.get(`/timesheets/${entry.id}`)).workTypeName, name, 'an entry keeps a deactivated work type');
    await refuses(aoife, () => log(aoife, w.ticket, { workTypeId: created.id }), 422, 'WORK_TYPE_NOT_ALLOWED', [`/tickets/${w.ticket}/timesheets`]);
    await refuses(aoife, () => aoife.patch(`/timesheets/${entry.id}`, { workTypeId: created.id, minutes: 45 }), 422, 'WORK_TYPE_NOT_ALLOWED', [`/timesheets/${entry.id}`]);
    await refuses(aoife, () => log(aoife, w.ticket, { workTypeId: '999999' }), 422, 'WORK_TYPE_NOT_ALLOWED', [`/tickets/${w.ticket}/timesheets`]);
    assert.equal(ok(await aoife.patch(`/timesheets/${entry.id}`, { workTypeId: null })).workTypeId, null);
  });

  test('R76: an agent mapped on an order logs on the mapped line; others, and pinned entries, keep the ticket\'s line; a ticket without a line uses no mapping', async () => {
    const w = await world();
    const put = ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    assert.deepEqual(put.items.map((i: { userId: string; saleOrderLineId: string }) => [i.userId, i.saleOrderLineId]), [[aoife.userId, w.senior]]);
    assert.equal(put.movedEntries, 0);
    assert.equal(ok(await log(aoife, w.ticket)).saleOrderLineId, w.senior);
    assert.equal(ok(await log(bram, w.ticket)).saleOrderLineId, w.standard);
    const pinned = ok(await log(aoife, w.ticket, { saleOrderLineId: w.standard }));
    assert.deepEqual([pinned.saleOrderLineId, pinned.pinned], [w.standard, true]);
    assert.equal(await delivered(w.orderId, w.senior), 30);
    const bare = ok(await api.post('/tickets', { teamId: w.team.id, subject: unique('No line'), customerId: w.customer.id })).id;
    const unlinked = ok(await log(aoife, bare));
    assert.deepEqual([unlinked.saleOrderLineId, unlinked.status], [null, 'unlinked']);
    // R21: the ticket's entries follow its new line through the routes of that line's order.
    ok(await api.patch(`/tickets/${bare}`, { saleOrderLineId: w.standard }));
    assert.equal(await lineOf(unlinked.id), w.senior);
  });

  test('R76: mapping an agent moves their unpinned, un-invoiced time on the order\'s tickets in one change, with audit rows; invoiced and pinned time never moves', async () => {
    const w = await world();
    const [invoiced] = [ok(await log(aoife, w.ticket, { minutes: 20 }))];
    ok(await api.post(`/sale-orders/${w.orderId}/invoices`, {}));
    const free = ok(await log(aoife, w.ticket, { minutes: 40 }));
    const pinned = ok(await log(aoife, w.ticket, { minutes: 50, saleOrderLineId: w.standard }));
    const other = ok(await log(bram, w.ticket, { minutes: 60 }));
    const put = ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    assert.equal(put.movedEntries, 1);
    assert.deepEqual(await Promise.all([invoiced.id, free.id, pinned.id, other.id].map(lineOf)), [w.standard, w.senior, w.standard, w.standard]);
    assert.equal(ok(await api.get(`/timesheets/${invoiced.id}`)).status, 'invoiced');
    assert.deepEqual([await delivered(w.orderId, w.standard), await delivered(w.orderId, w.senior)], [20 + 50 + 60, 40]);
    const audit = await queryRows<{ object_type: string; before: { sale_order_line_id?: number }; after: { sale_order_line_id?: number } }>(db(), sql`
      SELECT object_type, before, after FROM audit_events WHERE (object_type = 'timesheet' AND object_id = ${Number(free.id)} AND action = 'updated')
          OR (object_type = 'sale_order' AND object_id = ${Number(w.orderId)} AND after ? 'user_id') ORDER BY id`);
    assert.deepEqual(audit.map((a) => a.object_type), ['sale_order', 'timesheet']);
    assert.deepEqual([audit[1]!.before.sale_order_line_id, audit[1]!.after.sale_order_line_id], [Number(w.standard), Number(w.senior)]);
    // Changing the mapping moves the same time again; removing it sends it back to the ticket's line.
    assert.equal(ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.afterHours })).movedEntries, 1);
    assert.equal(await lineOf(free.id), w.afterHours);
    const removed = ok(await api.delete(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`));
    assert.deepEqual([removed.items, removed.movedEntries], [[], 1]);
    assert.equal(await lineOf(free.id), w.standard);
    // Unpinning an entry gives it the mapped line again (R12 with R76).
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    assert.equal(ok(await api.patch(`/timesheets/${pinned.id}`, { saleOrderLineId: null })).saleOrderLineId, w.senior);
  });

  test('R77: a work type mapping wins over an agent mapping; changing an entry\'s work type or agent moves it', async () => {
    const w = await world();
    const afterHours = ok(await api.post('/work-types', { name: unique('After-hours'), multiplier: '1.5' }));
    const remote = ok(await api.post('/work-types', { name: unique('Remote') }));
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    const night = ok(await log(aoife, w.ticket, { workTypeId: afterHours.id }));
    assert.equal(night.saleOrderLineId, w.senior, 'no route for the work type yet: the agent\'s applies');
    const home = ok(await log(aoife, w.ticket, { workTypeId: remote.id }));
    const put = ok(await api.put(`/sale-orders/${w.orderId}/work-type-lines/${afterHours.id}`, { saleOrderLineId: w.afterHours }));
    assert.deepEqual(put.items.map((i: { workTypeId: string; multiplier: string; saleOrderLineId: string }) => [i.workTypeId, i.multiplier, i.saleOrderLineId]), [[afterHours.id, '1.50', w.afterHours]]);
    assert.equal(put.movedEntries, 1);
    assert.deepEqual([await lineOf(night.id), await lineOf(home.id)], [w.afterHours, w.senior]);
    assert.equal(ok(await log(bram, w.ticket, { workTypeId: afterHours.id })).saleOrderLineId, w.afterHours);
    assert.equal(ok(await aoife.patch(`/timesheets/${night.id}`, { workTypeId: remote.id })).saleOrderLineId, w.senior);
    assert.equal(ok(await aoife.patch(`/timesheets/${night.id}`, { workTypeId: afterHours.id })).saleOrderLineId, w.afterHours);
    const plain = ok(await log(bram, w.ticket));
    assert.equal(plain.saleOrderLineId, w.standard);
    assert.equal(ok(await api.patch(`/timesheets/${plain.id}`, { userId: aoife.userId })).saleOrderLineId, w.senior, 'another agent, another route');
    assert.deepEqual(ok(await api.get(`/sale-orders/${w.orderId}/work-type-lines`)).items.map((i: { workTypeName: string }) => i.workTypeName), [afterHours.name]);
  });

  test('R77/R78: an entry bills at its work type\'s multiplier, copied when it takes the work type; the recorded minutes never change', async () => {
    const w = await world();
    const afterHours = ok(await api.post('/work-types', { name: unique('After-hours'), multiplier: '1.5' }));
    const night = ok(await log(aoife, w.ticket, { workTypeId: afterHours.id }));
    assert.deepEqual([night.minutes, night.billedMinutes, night.billedMultiplier], [30, 45, '1.5']);
    const day = ok(await log(aoife, w.ticket, { minutes: 20 }));
    assert.deepEqual([day.billedMinutes, day.billedMultiplier], [20, '1']);
    const moved = ok(await aoife.patch(`/timesheets/${day.id}`, { workTypeId: afterHours.id }));
    assert.deepEqual([moved.minutes, moved.billedMinutes], [20, 30]);
    assert.equal(await delivered(w.orderId, w.standard), 45 + 30);
    // A later change of the work type's multiplier bills the entries that take it from then on.
    ok(await api.patch(`/work-types/${afterHours.id}`, { multiplier: '2' }));
    assert.equal(ok(await api.get(`/timesheets/${night.id}`)).billedMinutes, 45);
    assert.equal(ok(await log(aoife, w.ticket, { workTypeId: afterHours.id })).billedMinutes, 60);
    assert.equal(ok(await aoife.patch(`/timesheets/${moved.id}`, { workTypeId: null })).billedMinutes, 20);
    const invoice = ok(await api.post(`/sale-orders/${w.orderId}/invoices`, {}));
    assert.equal(invoice.lines.find((l: { saleOrderLineId: string }) => l.saleOrderLineId === w.standard).quantity, '2.08'); // 45 + 20 + 60 billed minutes
    await refuses(aoife, () => aoife.patch(`/timesheets/${night.id}`, { workTypeId: null }), 409, 'TIMESHEET_INVOICED', [`/timesheets/${night.id}`]);
  });

  test('R76: a closed ticket\'s time stays where it was when the mapping changes (R14)', async () => {
    const w = await world();
    const entry = ok(await log(aoife, w.ticket));
    ok(await api.patch(`/tickets/${w.ticket}`, { stageId: (await stageNamed(api, w.team.id, 'Solved')).id }));
    assert.equal(ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior })).movedEntries, 0);
    assert.equal(await lineOf(entry.id), w.standard);
  });

  test('R76/R77 database guards: a route names one key and a line of its own order; a multiplier is above 0; an invoiced entry keeps its work type', async () => {
    const other = await world();
    const w = await world();
    const type = ok(await api.post('/work-types', { name: unique('On-site') }));
    const refused = async (statement: ReturnType<typeof sql>, code: string) => {
      await assert.rejects(db().execute(statement), (e: { code?: string; cause?: { code?: string } }) => (e.code ?? e.cause?.code) === code);
    };
    await refused(sql`INSERT INTO sale_order_routes (order_id, user_id, sale_order_line_id) VALUES (${Number(w.orderId)}, ${Number(aoife.userId)}, ${Number(other.senior)})`, '23503');
    await refused(sql`INSERT INTO sale_order_routes (order_id, user_id, work_type_id, sale_order_line_id) VALUES (${Number(w.orderId)}, ${Number(aoife.userId)}, ${Number(type.id)}, ${Number(w.senior)})`, '23514');
    await refused(sql`INSERT INTO sale_order_routes (order_id, sale_order_line_id) VALUES (${Number(w.orderId)}, ${Number(w.senior)})`, '23514');
    await db().execute(sql`INSERT INTO sale_order_routes (order_id, user_id, sale_order_line_id) VALUES (${Number(w.orderId)}, ${Number(aoife.userId)}, ${Number(w.senior)})`);
    await refused(sql`INSERT INTO sale_order_routes (order_id, user_id, sale_order_line_id) VALUES (${Number(w.orderId)}, ${Number(aoife.userId)}, ${Number(w.standard)})`, '23505');
    await refused(sql`UPDATE work_types SET multiplier = 0 WHERE id = ${Number(type.id)}`, '23514');
    const [routed] = await queryRows<{ line: number }>(db(), sql`SELECT sale_line_route(${Number(w.standard)}::bigint, ${Number(aoife.userId)}::bigint, NULL) AS line`);
    assert.equal(String(routed!.line), w.senior);
    const entry = ok(await log(bram, w.ticket, { workTypeId: type.id }));
    ok(await api.post(`/sale-orders/${w.orderId}/invoices`, {}));
    await refused(sql`UPDATE timesheets SET work_type_id = NULL WHERE id = ${Number(entry.id)}`, 'P0001');
    const reply = await api.patch(`/timesheets/${entry.id}`, { workTypeId: null });
    assert.deepEqual([reply.status, reply.body.error.code], [409, 'TIMESHEET_INVOICED']);
  });

  test('R76/R77: a line agents or work types bill on keeps a product billed on time: a manual product is refused (LINE_HAS_ROUTES) until their mappings are removed', async () => {
    const w = await world();
    const nightShift = ok(await api.post('/work-types', { name: unique('After-hours') }));
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    ok(await api.put(`/sale-orders/${w.orderId}/work-type-lines/${nightShift.id}`, { saleOrderLineId: w.afterHours }));
    const reads = [`/sale-orders/${w.orderId}`, `/sale-orders/${w.orderId}/agent-lines`, `/sale-orders/${w.orderId}/work-type-lines`];
    const refusal = await refuses(api, () => api.patch(`/sale-order-lines/${w.senior}`, { productId: products.manual }), 409, 'LINE_HAS_ROUTES', reads);
    assert.equal(refusal.error.message, 'Agents or work types bill on this line: remove their mappings first');
    assert.deepEqual(refusal.error.details.map((d: { path: string }) => d.path), ['productId']);
    await refuses(api, () => api.patch(`/sale-order-lines/${w.afterHours}`, { productId: products.manual, description: 'Setup' }), 409, 'LINE_HAS_ROUTES', reads);
    // Another product billed on time is fine: the routed time is still billed.
    const changed = ok(await api.patch(`/sale-order-lines/${w.senior}`, { productId: products.afterHours, description: 'Senior' }));
    assert.equal(changed.lines.find((l: { id: string }) => l.id === w.senior).invoicingPolicy, 'timesheets');
    // Once no mapping points at the line, it may become manual; the time then bills on the ticket's line.
    ok(await api.delete(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`));
    const manual = ok(await api.patch(`/sale-order-lines/${w.senior}`, { productId: products.manual }));
    assert.equal(manual.lines.find((l: { id: string }) => l.id === w.senior).invoicingPolicy, 'manual');
    assert.equal(ok(await log(aoife, w.ticket, { minutes: 60 })).saleOrderLineId, w.standard);
    assert.equal(ok(await log(aoife, w.ticket, { workTypeId: nightShift.id })).saleOrderLineId, w.afterHours, 'the work type\'s route still applies');
  });

  test('R76: deleting a routed line that has no time removes its mappings with an audit row; the time then bills on the ticket\'s line', async () => {
    const w = await world();
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    const order = ok(await api.get(`/sale-orders/${w.orderId}`));
    assert.equal(order.lines.find((l: { id: string }) => l.id === w.senior).canDelete, true);
    const after = ok(await api.delete(`/sale-order-lines/${w.senior}`));
    assert.ok(!after.lines.some((l: { id: string }) => l.id === w.senior));
    assert.deepEqual(ok(await api.get(`/sale-orders/${w.orderId}/agent-lines`)).items, []);
    const audit = await queryRows<{ action: string; before: { user_id?: number; sale_order_line_id?: number } }>(db(), sql`
      SELECT action, before FROM audit_events WHERE object_type = 'sale_order' AND object_id = ${Number(w.orderId)} AND action = 'sale_order_routes_removed'`);
    assert.deepEqual(audit.map((a) => [a.before.user_id, a.before.sale_order_line_id]), [[Number(aoife.userId), Number(w.senior)]]);
    assert.equal(ok(await log(aoife, w.ticket)).saleOrderLineId, w.standard);
    // A routed line with time on it cannot be deleted (R34): its mapping stays.
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.afterHours }));
    ok(await log(aoife, w.ticket));
    await refuses(api, () => api.delete(`/sale-order-lines/${w.afterHours}`), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${w.orderId}`, `/sale-orders/${w.orderId}/agent-lines`]);
  });

  test('R76/R77 database guard: the routing ignores a route to a line not billed on time; the next route, else the ticket\'s line, applies', async () => {
    const w = await world();
    const nightShift = ok(await api.post('/work-types', { name: unique('After-hours') }));
    ok(await api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: w.senior }));
    ok(await api.put(`/sale-orders/${w.orderId}/work-type-lines/${nightShift.id}`, { saleOrderLineId: w.afterHours }));
    // Behind the application's back, both routed lines become manual.
    await db().execute(sql`UPDATE sale_order_lines SET invoicing_policy = 'manual' WHERE id = ${Number(w.afterHours)}`);
    const route = async (workType: string | null) => {
      const [row] = await queryRows<{ line: number }>(db(), sql`SELECT sale_line_route(${Number(w.standard)}::bigint, ${Number(aoife.userId)}::bigint, ${workType === null ? null : Number(workType)}::bigint) AS line`);
      return String(row!.line);
    };
    assert.equal(await route(nightShift.id), w.senior, 'the work type\'s route names a manual line: the agent\'s applies');
    await db().execute(sql`UPDATE sale_order_lines SET invoicing_policy = 'manual' WHERE id = ${Number(w.senior)}`);
    assert.equal(await route(nightShift.id), w.standard);
    assert.equal(await route(null), w.standard);
    const entry = ok(await log(aoife, w.ticket, { minutes: 60, workTypeId: nightShift.id }));
    assert.equal(entry.saleOrderLineId, w.standard);
    assert.equal(await delivered(w.orderId, w.standard), 60, 'the hour is billed on the ticket\'s line, not lost on a manual one');
  });

  test('R76/R77: refusals change nothing', async () => {
    const other = await world();
    const w = await world();
    const customerUser = await apiAs(db(), 'customer', api.app, { customerId: w.customer.id });
    const reads = [`/sale-orders/${w.orderId}/agent-lines`, `/sale-orders/${w.orderId}/work-type-lines`, `/sale-orders/${w.orderId}`];
    const putAgent = (userId: string, line: string, orderId = w.orderId) => api.put(`/sale-orders/${orderId}/agent-lines/${userId}`, { saleOrderLineId: line });
    await refuses(api, () => putAgent(aoife.userId, other.senior), 422, 'SALE_LINE_NOT_ALLOWED', reads);
    const manualLine = (ok(await api.get(`/sale-orders/${w.orderId}`)).lines as Array<{ id: string; invoicingPolicy: string }>).find((l) => l.invoicingPolicy === 'manual')!.id;
    await refuses(api, () => putAgent(aoife.userId, manualLine), 422, 'SALE_LINE_NOT_ALLOWED', reads);
    await refuses(api, () => putAgent(customerUser.userId, w.senior), 422, 'AGENT_NOT_ALLOWED', reads);
    await refuses(api, () => putAgent('999999', w.senior), 422, 'AGENT_NOT_ALLOWED', reads);
    await refuses(api, () => api.put(`/sale-orders/${w.orderId}/work-type-lines/999999`, { saleOrderLineId: w.senior }), 422, 'WORK_TYPE_NOT_ALLOWED', reads);
    await refuses(api, () => putAgent(aoife.userId, w.senior, '999999'), 404, 'NOT_FOUND', reads);
    await refuses(api, () => api.delete(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`), 404, 'NOT_FOUND', reads);
    await refuses(api, () => api.put(`/sale-orders/${w.orderId}/agent-lines/${aoife.userId}`, { saleOrderLineId: 12 }), 400, 'VALIDATION_FAILED', reads);
    const quotation = ok(await api.post('/sale-orders', { customerId: w.customer.id, lines: [{ productId: products.senior }] }));
    ok(await api.post(`/sale-orders/${quotation.id}/cancel`));
    await refuses(api, () => putAgent(aoife.userId, quotation.lines[0].id, quotation.id), 409, 'ORDER_CANCELLED', [`/sale-orders/${quotation.id}/agent-lines`]);
  });
});
