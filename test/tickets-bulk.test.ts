import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildTeam, createBillingSetup, logMinutes, stageNamed } from './factories.ts';

forEachDatabase('auto stage on time logged and bulk ticket actions', (ctx) => {
  let api: ApiClient & { userId: string };
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R67: logging time moves a ticket from the first stage to the team setting, audited, only from the first stage', async () => {
    const { team, ticket } = await createBillingSetup(api);
    const inProgress = await stageNamed(api, team.id, 'In progress');
    assert.equal(team.stageOnTimeLogged, inProgress.id);
    await logMinutes(api, ticket.id, [15]);
    assert.equal(ok(await api.get(`/tickets/${ticket.id}`)).stageId, inProgress.id);
    const events = ok(await api.get(`/audit-events?objectType=ticket&objectId=${ticket.id}`)).items as Array<{ after: Record<string, unknown> | null }>;
    assert.equal(events.filter((e) => String(e.after?.stage_id ?? e.after?.stageId) === inProgress.id).length, 1, JSON.stringify(events));
    // A person's later choice is kept: back in New is a choice, and New is the first stage again…
    const newStage = await stageNamed(api, team.id, 'New');
    const third = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket') }));
    const solved = await stageNamed(api, team.id, 'Solved');
    ok(await api.patch(`/tickets/${third.id}`, { stageId: solved.id }));
    ok(await api.patch(`/tickets/${third.id}`, { stageId: newStage.id }));
    // …but a ticket in another open stage never moves.
    ok(await api.patch(`/tickets/${ticket.id}`, { stageId: inProgress.id }));
    const custom = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket'), stageId: inProgress.id }));
    await logMinutes(api, custom.id, [5]);
    assert.equal(ok(await api.get(`/tickets/${custom.id}`)).stageId, inProgress.id);
  });

  test('R67: entries logged at the same moment on a ticket in its first stage all succeed, and it moves once', async () => {
    const { team, ticket } = await createBillingSetup(api);
    const inProgress = await stageNamed(api, team.id, 'In progress');
    // With a share lock on the ticket, two requests that both go on to move it deadlock (one gets 409).
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 5 + i, description: `same moment ${i}` })));
    assert.deepEqual(answers.map((a) => a.status), Array(8).fill(201), JSON.stringify(answers.map((a) => a.body)));
    assert.equal(ok(await api.get(`/tickets/${ticket.id}`)).stageId, inProgress.id);
    const events = ok(await api.get(`/audit-events?objectType=ticket&objectId=${ticket.id}`)).items as Array<{ after: Record<string, unknown> | null }>;
    assert.equal(events.filter((e) => String(e.after?.stage_id ?? e.after?.stageId) === inProgress.id).length, 1, JSON.stringify(events));
  });

  test('R67: with the setting off the ticket stays; a stage of another team or a closed one is refused', async () => {
    const team = ok(await api.post('/teams', buildTeam({ stageOnTimeLogged: null })));
    assert.equal(team.stageOnTimeLogged, null);
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket') }));
    await logMinutes(api, ticket.id, [10]);
    assert.equal(ok(await api.get(`/tickets/${ticket.id}`)).stageId, (await stageNamed(api, team.id, 'New')).id);
    const other = ok(await api.post('/teams', buildTeam()));
    const foreign = (await stageNamed(api, other.id, 'In progress')).id;
    const closed = (await stageNamed(api, team.id, 'Solved')).id;
    await refuses(api, () => api.patch(`/teams/${team.id}`, { stageOnTimeLogged: foreign }), 400, 'VALIDATION_FAILED', [`/teams/${team.id}`]);
    await refuses(api, () => api.patch(`/teams/${team.id}`, { stageOnTimeLogged: closed }), 400, 'VALIDATION_FAILED', [`/teams/${team.id}`]);
    assert.equal(ok(await api.get(`/teams/${team.id}`)).stageOnTimeLogged, null);
  });

  test('bulk: assign and change stage of several tickets in one request', async () => {
    const { team, ticket } = await createBillingSetup(api);
    const second = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket') }));
    const inProgress = await stageNamed(api, team.id, 'In progress');
    ok(await api.post('/tickets/bulk', { ticketIds: [ticket.id, second.id], change: { assigneeId: api.userId, stageId: inProgress.id } }));
    for (const id of [ticket.id, second.id]) {
      const read = ok(await api.get(`/tickets/${id}`));
      assert.equal(read.assigneeId, api.userId);
      assert.equal(read.stageId, inProgress.id);
    }
  });

  test('bulk: all or nothing, the refused ticket named; bad input is a 400 that changes nothing', async () => {
    const a = await createBillingSetup(api);
    const b = await createBillingSetup(api, { linkTicket: false });
    const stage = await stageNamed(api, a.team.id, 'In progress');
    // The stage is not one of b's team: nothing changes, not even a's ticket.
    const refused = await refuses(api, () => api.post('/tickets/bulk', { ticketIds: [a.ticket.id, b.ticket.id], change: { stageId: stage.id } }), 400, 'VALIDATION_FAILED', [`/tickets/${a?.ticket?.id ?? '1'}`]);
    assert.equal(refused.error.details[0].path, 'ticketIds.1');
    assert.equal(ok(await api.get(`/tickets/${a.ticket.id}`)).stageId, a.ticket.stageId);
    // R20: b's ticket may not use a's line (another customer).
    const line = await refuses(api, () => api.post('/tickets/bulk', { ticketIds: [b.ticket.id], change: { saleOrderLineId: a.lineId } }), 422, 'SALE_LINE_NOT_ALLOWED', [`/tickets/${a?.ticket?.id ?? '1'}`]);
    assert.equal(line.error.details[0].path, 'ticketIds.0');
    assert.equal(ok(await api.get(`/tickets/${b.ticket.id}`)).saleOrderLineId, null);
    ok(await api.post('/tickets/bulk', { ticketIds: [b.ticket.id], change: { saleOrderLineId: b.lineId } }));
    assert.equal(ok(await api.get(`/tickets/${b.ticket.id}`)).saleOrderLineId, b.lineId);
    for (const body of [{ ticketIds: [], change: { stageId: stage.id } }, { ticketIds: [a.ticket.id], change: {} }, { ticketIds: [a.ticket.id, a.ticket.id], change: { assigneeId: null } }, { ticketIds: ['x'], change: { assigneeId: null } }]) {
      await refuses(api, () => api.post('/tickets/bulk', body), 400, 'VALIDATION_FAILED', [`/tickets/${a?.ticket?.id ?? '1'}`]);
    }
    await refuses(api, () => api.post('/tickets/bulk', { ticketIds: ['987654321'], change: { assigneeId: null } }), 404, 'NOT_FOUND', [`/tickets/${a?.ticket?.id ?? '1'}`]);
  });

  test('R71: bulk stageName moves each ticket to the stage of that name in its own team; the board lists a stage name across teams', async () => {
    const a = await createBillingSetup(api, { linkTicket: false });
    const b = await createBillingSetup(api, { linkTicket: false });
    ok(await api.post('/tickets/bulk', { ticketIds: [a.ticket.id, b.ticket.id], change: { stageName: 'In progress' } }));
    assert.equal(ok(await api.get(`/tickets/${a.ticket.id}`)).stageId, (await stageNamed(api, a.team.id, 'In progress')).id);
    assert.equal(ok(await api.get(`/tickets/${b.ticket.id}`)).stageId, (await stageNamed(api, b.team.id, 'In progress')).id);
    const listed = ok(await api.get('/tickets?stageName=In%20progress&limit=100')).items.map((t: any) => t.id);
    assert.ok(listed.includes(a.ticket.id) && listed.includes(b.ticket.id), JSON.stringify(listed));
    assert.equal(ok(await api.get(`/tickets?stageName=New&teamId=${a.team.id}`)).items.length, 0);
    // A stage only a's team has: b's ticket is refused by name, and a's ticket does not move either.
    await queryRows(ctx.t.database.db, sql`INSERT INTO stages (team_id, name, sequence) VALUES (${Number(a.team.id)}, 'Waiting on customer', 15)`);
    const refused = await refuses(api, () => api.post('/tickets/bulk', { ticketIds: [a.ticket.id, b.ticket.id], change: { stageName: 'Waiting on customer' } }), 400, 'VALIDATION_FAILED', [`/tickets/${a.ticket.id}`, `/tickets/${b.ticket.id}`]);
    assert.deepEqual(refused.error.details.map((d: any) => d.path), ['ticketIds.1', 'change.stageName']);
    await refuses(api, () => api.post('/tickets/bulk', { ticketIds: [a.ticket.id], change: { stageName: 'In progress', stageId: a.ticket.stageId } }), 400, 'VALIDATION_FAILED', [`/tickets/${a.ticket.id}`]);
    await refuses(api, () => api.post('/tickets/bulk', { ticketIds: ['987654321'], change: { stageName: 'In progress' } }), 404, 'NOT_FOUND', [`/tickets/${a.ticket.id}`]);
  });
});
