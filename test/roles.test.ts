import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { buildTeam, createBillingSetup, logMinutes, type BillingSetup } from './factories.ts';

// Issue 4: what each staff role may do beyond "may call the route" (the access matrix covers
// that): agents work in their teams and on their own time; managers fix anyone's time;
// accountants read tickets and time but never change them.
forEachDatabase('roles', (ctx) => {
  let app: App;
  let admin: ApiClient & { userId: string };
  let setup: BillingSetup;
  let agent: ApiClient & { userId: string };
  let colleague: ApiClient & { userId: string };
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    admin = await apiAs(ctx.t.database.db, 'admin', app);
    setup = await createBillingSetup(admin);
    agent = await apiAs(ctx.t.database.db, 'agent', app, { teamIds: [setup.team.id] });
    colleague = await apiAs(ctx.t.database.db, 'agent', app, { teamIds: [setup.team.id] });
  });

  test('an agent logs their own time, never for another agent; a manager logs and fixes time for any agent', async () => {
    const unchanged = [`/tickets/${setup.ticket.id}/timesheets`];
    await refuses(admin, () => agent.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 30, userId: colleague.userId }), 403, 'FORBIDDEN', unchanged);
    const [own] = await logMinutes(agent, setup.ticket.id, [30]);
    assert.equal(own.userId, agent.userId);
    const manager = await apiAs(ctx.t.database.db, 'manager', app);
    const forColleague = ok(await manager.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 45, userId: colleague.userId }));
    assert.equal(forColleague.userId, colleague.userId);
    assert.equal(ok(await manager.patch(`/timesheets/${own.id}`, { minutes: 35 })).minutes, 35);
  });

  test("an agent reads a colleague's time on their team's ticket but may not change, move or delete it", async () => {
    const [theirs] = await logMinutes(colleague, setup.ticket.id, [20]);
    assert.equal(ok(await agent.get(`/timesheets/${theirs.id}`)).minutes, 20);
    const unchanged = [`/timesheets/${theirs.id}`];
    await refuses(admin, () => agent.patch(`/timesheets/${theirs.id}`, { minutes: 90 }), 403, 'FORBIDDEN', unchanged);
    await refuses(admin, () => agent.delete(`/timesheets/${theirs.id}`), 403, 'FORBIDDEN', unchanged);
    const [mine] = await logMinutes(agent, setup.ticket.id, [10]);
    await refuses(admin, () => agent.patch(`/timesheets/${mine.id}`, { userId: colleague.userId }), 403, 'FORBIDDEN', [`/timesheets/${mine.id}`]);
    ok(await agent.delete(`/timesheets/${mine.id}`));
  });

  test("an agent opens tickets only in their teams and cannot move one out of them; another team's ticket is not found", async () => {
    const otherTeam = ok(await admin.post('/teams', buildTeam()));
    const foreign = ok(await admin.post('/tickets', { teamId: otherTeam.id, subject: 'Elsewhere' }));
    await refuses(admin, () => agent.post('/tickets', { teamId: otherTeam.id, subject: 'Not my team' }), 400, 'VALIDATION_FAILED', ['/tickets?limit=200']);
    await refuses(admin, () => agent.patch(`/tickets/${setup.ticket.id}`, { teamId: otherTeam.id }), 400, 'VALIDATION_FAILED', [`/tickets/${setup.ticket.id}`]);
    const missing = await agent.get('/tickets/987654321');
    const hidden = await agent.get(`/tickets/${foreign.id}`);
    assert.equal(hidden.status, 404);
    assert.deepEqual({ ...hidden.body, requestId: null }, { ...missing.body, requestId: null });
    assert.equal((await agent.post(`/tickets/${foreign.id}/timesheets`, { date: '2026-11-02', minutes: 5 })).status, 404);
    const created = ok(await agent.post('/tickets', { teamId: setup.team.id, subject: 'Mine' }));
    assert.equal(created.teamId, setup.team.id);
  });

  test('an agent sees sales order items and products without prices; managers and accountants see them', async () => {
    const forAgent = ok(await agent.get(`/tickets/${setup.ticket.id}/sale-order-line-options`)).items;
    assert.equal(forAgent[0].id, setup.lineId);
    assert.equal(forAgent[0].unitPrice, null);
    const accountant = await apiAs(ctx.t.database.db, 'accountant', app);
    assert.equal(ok(await accountant.get(`/tickets/${setup.ticket.id}/sale-order-line-options`)).items[0].unitPrice, '90.00');
    assert.equal(ok(await agent.get(`/products/${setup.product.id}`)).unitPrice, null);
    assert.ok(ok(await agent.get('/products?limit=200')).items.every((p: { unitPrice: string | null }) => p.unitPrice === null));
    assert.equal(ok(await accountant.get(`/products/${setup.product.id}`)).unitPrice, '90.00');
    assert.equal((await agent.get(`/sale-orders/${setup.order.id}`)).status, 403);
    assert.equal((await agent.get('/invoices')).status, 403);
  });

  test('an accountant reads tickets and time but cannot change them', async () => {
    const accountant = await apiAs(ctx.t.database.db, 'accountant', app);
    const [entry] = await logMinutes(agent, setup.ticket.id, [15]);
    assert.equal(ok(await accountant.get(`/tickets/${setup.ticket.id}`)).id, setup.ticket.id);
    assert.ok(ok(await accountant.get(`/timesheets?ticketId=${setup.ticket.id}&limit=200`)).items.some((e: { id: string }) => e.id === entry.id));
    const unchanged = [`/timesheets/${entry.id}`, `/tickets/${setup.ticket.id}`];
    await refuses(admin, () => accountant.patch(`/timesheets/${entry.id}`, { minutes: 1 }), 403, 'FORBIDDEN', unchanged);
    await refuses(admin, () => accountant.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 5 }), 403, 'FORBIDDEN', unchanged);
    await refuses(admin, () => accountant.patch(`/tickets/${setup.ticket.id}`, { subject: 'Renamed' }), 403, 'FORBIDDEN', unchanged);
  });

  test("a manager sets a team's members: a new member sees its tickets at once, a removed one no longer does", async () => {
    const manager = await apiAs(ctx.t.database.db, 'manager', app);
    const team = ok(await manager.post('/teams', buildTeam()));
    const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: 'New team ticket' }));
    assert.equal((await agent.get(`/tickets/${ticket.id}`)).status, 404);
    const joined = ok(await manager.patch(`/teams/${team.id}`, { memberIds: [agent.userId, colleague.userId] }));
    assert.deepEqual(joined.memberIds, [agent.userId, colleague.userId].sort((a, b) => Number(a) - Number(b)));
    assert.equal(ok(await agent.get(`/tickets/${ticket.id}`)).id, ticket.id);
    assert.ok(ok(await admin.get(`/users/${agent.userId}`)).teamIds.includes(team.id));
    ok(await manager.patch(`/teams/${team.id}`, { memberIds: [colleague.userId] }));
    assert.equal((await agent.get(`/tickets/${ticket.id}`)).status, 404);
    const portal = await apiAs(ctx.t.database.db, 'customer', app, { customerId: setup.customer.id });
    const refused = await refuses(admin, () => manager.patch(`/teams/${team.id}`, { memberIds: [portal.userId] }), 400, 'VALIDATION_FAILED', [`/teams/${team.id}`]);
    assert.equal(refused.error.details[0].path, 'memberIds');
    assert.equal((await agent.patch(`/teams/${team.id}`, { memberIds: [agent.userId] })).status, 403);
  });
});
