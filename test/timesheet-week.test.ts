import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildTeam, createBillingSetup, stageNamed } from './factories.ts';

const MONDAY = '2026-11-30';
const TUESDAY = '2026-12-01';
const SUNDAY = '2026-12-06';

forEachDatabase('the weekly timesheet grid (R68)', (ctx) => {
  let admin: ApiClient & { userId: string };
  let team: any;
  let agent: ApiClient & { userId: string };
  before(async () => {
    admin = await apiAs(ctx.t.database.db, 'admin');
    team = ok(await admin.post('/teams', buildTeam({ billingEnabled: false })));
    agent = await apiAs(ctx.t.database.db, 'agent', admin.app, { teamIds: [team.id] });
  });
  const newTicket = async (extra: Record<string, unknown> = {}) => ok(await admin.post('/tickets', { teamId: team.id, subject: unique('Week ticket'), ...extra }));
  const week = async (api: ApiClient, query = '') => ok(await api.get(`/timesheets/week?weekStart=${MONDAY}${query}`));
  const entriesOf = async (ticketId: string, userId = agent.userId) =>
    (ok(await admin.get(`/tickets/${ticketId}/timesheets?userId=${userId}`)).items as any[]).map((e) => [e.date, e.minutes]).sort((a, b) => String(a).localeCompare(String(b)));
  const row = (w: any, ticketId: string) => w.rows.find((r: any) => r.ticketId === ticketId);

  test('R68: a week starts on a Monday; other days, days outside the week and a cell twice are refused with 400', async () => {
    const ticket = await newTicket();
    const refused = await refuses(agent, () => agent.get(`/timesheets/week?weekStart=${TUESDAY}`), 400, 'VALIDATION_FAILED', []);
    assert.equal(refused.error.details[0].path, 'weekStart');
    const path = [`/tickets/${ticket.id}/timesheets`];
    await refuses(agent, () => agent.put('/timesheets/week', { weekStart: TUESDAY, cells: [] }), 400, 'VALIDATION_FAILED', path);
    const outside = await refuses(agent, () => agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 30 }, { ticketId: ticket.id, date: '2026-12-07', minutes: 30 }] }), 400, 'VALIDATION_FAILED', path);
    assert.equal(outside.error.details[0].path, 'cells.1.date');
    const twice = await refuses(agent, () => agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 30 }, { ticketId: ticket.id, date: MONDAY, minutes: 45 }] }), 400, 'VALIDATION_FAILED', path);
    assert.equal(twice.error.details[0].path, 'cells.1');
    await refuses(agent, () => agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 1441 }] }), 400, 'VALIDATION_FAILED', path);
  });

  test('R68: empty cells log entries; the week shows a row per ticket with the minutes of each day', async () => {
    const [a, b] = [await newTicket(), await newTicket()];
    const saved = ok(await agent.put('/timesheets/week', {
      weekStart: MONDAY,
      cells: [{ ticketId: a.id, date: MONDAY, minutes: 90 }, { ticketId: a.id, date: SUNDAY, minutes: 15 }, { ticketId: b.id, date: TUESDAY, minutes: 60 }, { ticketId: b.id, date: MONDAY, minutes: 0 }],
    }));
    assert.deepEqual(saved.days, [MONDAY, TUESDAY, '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', SUNDAY]);
    assert.deepEqual(row(saved, a.id).cells.map((c: any) => c.minutes), [90, 0, 0, 0, 0, 0, 15]);
    assert.deepEqual(row(saved, b.id).cells.map((c: any) => c.minutes), [0, 60, 0, 0, 0, 0, 0]);
    assert.deepEqual(row(await week(agent), a.id), row(saved, a.id));
    assert.deepEqual(await entriesOf(a.id), [[MONDAY, 90], [SUNDAY, 15]]);
    assert.deepEqual(await entriesOf(b.id), [[TUESDAY, 60]]);
    assert.equal(row(saved, a.id).cells[0].entryCount, 1);
    assert.equal(row(saved, a.id).cells[0].canLower, true);
  });

  test('R68: a cell of one open entry changes that entry, and 0 deletes it', async () => {
    const ticket = await newTicket();
    const [entry] = [ok(await agent.post(`/tickets/${ticket.id}/timesheets`, { date: MONDAY, minutes: 30, description: 'Kept' }))];
    ok(await agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 45 }] }));
    const changed = ok(await agent.get(`/timesheets/${entry.id}`));
    assert.deepEqual([changed.minutes, changed.description], [45, 'Kept']);
    ok(await agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 0 }] }));
    assert.equal((await agent.get(`/timesheets/${entry.id}`)).status, 404);
    assert.deepEqual(await entriesOf(ticket.id), []);
  });

  test('R68: a cell of several entries grows by a correcting entry and refuses a lower value (409 naming the cell), all or nothing', async () => {
    const [ticket, other] = [await newTicket(), await newTicket()];
    for (const minutes of [30, 30]) ok(await agent.post(`/tickets/${ticket.id}/timesheets`, { date: TUESDAY, minutes }));
    const cell = row(await week(agent), ticket.id).cells[1];
    assert.deepEqual([cell.minutes, cell.entryCount, cell.editable, cell.canLower], [60, 2, true, false]);
    const grown = ok(await agent.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: TUESDAY, minutes: 90 }] }));
    assert.equal(row(grown, ticket.id).cells[1].minutes, 90);
    assert.deepEqual(await entriesOf(ticket.id), [[TUESDAY, 30], [TUESDAY, 30], [TUESDAY, 30]]);
    const unchanged = [`/tickets/${ticket.id}/timesheets`, `/tickets/${other.id}/timesheets`, `/timesheets/week?weekStart=${MONDAY}`];
    const body = await refuses(agent, () => agent.put('/timesheets/week', {
      weekStart: MONDAY, cells: [{ ticketId: other.id, date: MONDAY, minutes: 20 }, { ticketId: ticket.id, date: TUESDAY, minutes: 45 }],
    }), 409, 'TIMESHEET_CELL_ONLY_GROWS', unchanged);
    assert.deepEqual(body.error.details, [{ path: 'cells.1.minutes', message: body.error.details[0].message }]);
    assert.match(body.error.message, new RegExp(`^#${ticket.number} on ${TUESDAY}: `));
  });

  test('R68: a cell with invoiced time only grows: the invoiced entry keeps its minutes', async () => {
    const setup = await createBillingSetup(admin);
    const biller = await apiAs(ctx.t.database.db, 'agent', admin.app, { teamIds: [setup.team.id] });
    const entry = ok(await biller.post(`/tickets/${setup.ticket.id}/timesheets`, { date: MONDAY, minutes: 60 }));
    ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const before = row(ok(await biller.get(`/timesheets/week?weekStart=${MONDAY}`)), setup.ticket.id).cells[0];
    assert.deepEqual([before.minutes, before.canLower], [60, false]);
    const unchanged = [`/tickets/${setup.ticket.id}/timesheets`];
    for (const minutes of [30, 0]) {
      await refuses(biller, () => biller.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: setup.ticket.id, date: MONDAY, minutes }] }), 409, 'TIMESHEET_CELL_ONLY_GROWS', unchanged);
    }
    ok(await biller.put('/timesheets/week', { weekStart: MONDAY, cells: [{ ticketId: setup.ticket.id, date: MONDAY, minutes: 75 }] }));
    const items = ok(await biller.get(`/tickets/${setup.ticket.id}/timesheets`)).items as any[];
    assert.deepEqual(items.map((e) => [e.id === entry.id, e.minutes, e.status]).sort(), [[false, 15, 'to_invoice'], [true, 60, 'invoiced']]);
  });

  test('R68: a closed ticket refuses its cells with TICKET_CLOSED (R14), naming the cell, and the week shows them read only', async () => {
    const [open, closed] = [await newTicket(), await newTicket()];
    ok(await agent.post(`/tickets/${closed.id}/timesheets`, { date: MONDAY, minutes: 10 }));
    ok(await admin.patch(`/tickets/${closed.id}`, { stageId: (await stageNamed(admin, team.id, 'Solved')).id }));
    const cells = row(await week(agent), closed.id).cells;
    assert.deepEqual([cells[0].minutes, cells[0].editable, row(await week(agent), closed.id).closed], [10, false, true]);
    const unchanged = [`/tickets/${open.id}/timesheets`, `/tickets/${closed.id}/timesheets`];
    for (const [date, minutes] of [[TUESDAY, 30], [MONDAY, 20]] as const) {
      const body = await refuses(agent, () => agent.put('/timesheets/week', {
        weekStart: MONDAY, cells: [{ ticketId: open.id, date: MONDAY, minutes: 30 }, { ticketId: closed.id, date, minutes }],
      }), 409, 'TICKET_CLOSED', unchanged);
      assert.equal(body.error.details[0].path, 'cells.1.minutes');
    }
  });

  test('R68: agents change only their own week (403); managers and admins anyone\'s; the cells say so', async () => {
    const ticket = await newTicket();
    const colleague = await apiAs(ctx.t.database.db, 'agent', admin.app, { teamIds: [team.id] });
    const manager = await apiAs(ctx.t.database.db, 'manager', admin.app);
    const unchanged = [`/tickets/${ticket.id}/timesheets`];
    await refuses(colleague, () => colleague.put('/timesheets/week', { agentId: agent.userId, weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 30 }] }), 403, 'FORBIDDEN', unchanged);
    ok(await manager.put('/timesheets/week', { agentId: agent.userId, weekStart: MONDAY, cells: [{ ticketId: ticket.id, date: MONDAY, minutes: 30 }] }));
    assert.deepEqual(await entriesOf(ticket.id), [[MONDAY, 30]]);
    const seen = ok(await colleague.get(`/timesheets/week?weekStart=${MONDAY}&agentId=${agent.userId}`));
    assert.deepEqual([seen.agentName, row(seen, ticket.id).cells[0].minutes, row(seen, ticket.id).cells[0].editable], ['Test agent', 30, false]);
    assert.equal(row(ok(await manager.get(`/timesheets/week?weekStart=${MONDAY}&agentId=${agent.userId}`)), ticket.id).cells[0].editable, true);
    const outsider = await apiAs(ctx.t.database.db, 'agent', admin.app);
    assert.equal(row(ok(await outsider.get(`/timesheets/week?weekStart=${MONDAY}&agentId=${agent.userId}`)), ticket.id), undefined, 'only tickets of the caller\'s teams');
  });

  test('R68: with includeAssigned the week lists the open tickets assigned to the agent, with empty cells', async () => {
    const assigned = await newTicket({ assigneeId: agent.userId });
    const done = await newTicket({ assigneeId: agent.userId });
    ok(await admin.patch(`/tickets/${done.id}`, { stageId: (await stageNamed(admin, team.id, 'Solved')).id }));
    assert.equal(row(await week(agent), assigned.id), undefined);
    const listed = await week(agent, '&includeAssigned=true');
    assert.deepEqual(row(listed, assigned.id).cells.map((c: any) => [c.minutes, c.editable]), Array(7).fill([0, true]));
    assert.equal(row(listed, done.id), undefined);
  });
});
