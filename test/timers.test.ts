import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/platform/db.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildTeam, createBillingSetup, stageNamed } from './factories.ts';

/** Moves the start of the caller's timer (and its first start) `seconds` into the past, as time passing would. */
export async function ageTimer(db: Db, userId: string, seconds: number): Promise<void> {
  await db.execute(sql`
    UPDATE timers SET started_at = started_at - make_interval(secs => ${seconds}), first_started_at = first_started_at - make_interval(secs => ${seconds})
     WHERE user_id = ${Number(userId)}`);
}

/** The SQLSTATE and constraint a statement is refused with (Drizzle wraps the driver's error). */
async function refusal(statement: Promise<unknown>): Promise<[string | undefined, string | undefined]> {
  try {
    await statement;
  } catch (error) {
    const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
    const source = e.code ? e : (e.cause ?? {});
    return [source.code, source.constraint];
  }
  return assert.fail('the database accepted the statement');
}

forEachDatabase('timers (R79)', (ctx) => {
  let admin: ApiClient & { userId: string };
  let db: Db;
  before(async () => {
    db = ctx.t.database.db;
    admin = await apiAs(db, 'admin');
  });

  /** An agent of a new billing team and a ticket of that team. */
  async function agentWithTicket() {
    const setup = await createBillingSetup(admin);
    const agent = await apiAs(db, 'agent', undefined, { teamIds: [setup.team.id] });
    return { ...setup, agent };
  }

  test('R79: start, pause, resume and stop count the time between database timestamps; the draft rounds up to the minute', async () => {
    const { agent, ticket } = await agentWithTicket();
    assert.deepEqual(ok(await agent.get('/timers/current')), { timer: null });
    const started = await agent.post(`/tickets/${ticket.id}/timer`, {});
    assert.equal(started.status, 201);
    assert.equal(started.body.state, 'running');
    assert.equal(started.body.ticketId, ticket.id);
    assert.equal(started.body.draft, null);
    await ageTimer(db, agent.userId, 150);
    const running = ok(await agent.get('/timers/current')).timer;
    assert.ok(running.elapsedSeconds >= 150 && running.elapsedSeconds < 160, `${running.elapsedSeconds}`);
    const paused = ok(await agent.post('/timers/current/pause', {}));
    assert.equal(paused.state, 'paused');
    assert.equal(paused.startedAt, null);
    assert.ok(paused.elapsedSeconds >= 150 && paused.elapsedSeconds < 160);
    // A paused timer does not count.
    await db.execute(sql`UPDATE timers SET first_started_at = first_started_at - interval '1 hour' WHERE user_id = ${Number(agent.userId)}`);
    assert.equal(ok(await agent.get('/timers/current')).timer.elapsedSeconds, paused.elapsedSeconds);
    const resumed = ok(await agent.post('/timers/current/resume', {}));
    assert.equal(resumed.state, 'running');
    await ageTimer(db, agent.userId, 200);
    const stopped = ok(await agent.post('/timers/current/stop', {}));
    assert.equal(stopped.state, 'stopped');
    assert.ok(stopped.elapsedSeconds >= 350 && stopped.elapsedSeconds < 370);
    assert.equal(stopped.draft.minutes, Math.ceil(stopped.elapsedSeconds / 60));
    assert.equal(stopped.draft.date, stopped.firstStartedAt.slice(0, 10));
    // The stopped timer's draft is still there on the next read.
    assert.deepEqual(ok(await agent.get('/timers/current')).timer.draft, stopped.draft);
  });

  test('R79: confirming a stopped timer logs its draft as the agent’s entry and removes the timer, in one go', async () => {
    const { agent, ticket, lineId } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    await ageTimer(db, agent.userId, 7 * 60 + 5);
    const { draft } = ok(await agent.post('/timers/current/stop', {}));
    assert.equal(draft.minutes, 8);
    const entry = await agent.post('/timers/current/confirm', { description: 'Printer driver' });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    assert.deepEqual(
      { ticketId: entry.body.ticketId, userId: entry.body.userId, minutes: entry.body.minutes, date: entry.body.date, description: entry.body.description, line: entry.body.saleOrderLineId },
      { ticketId: ticket.id, userId: agent.userId, minutes: 8, date: draft.date, description: 'Printer driver', line: lineId },
    );
    assert.deepEqual(ok(await agent.get('/timers/current')), { timer: null });
    const entries = ok(await agent.get(`/tickets/${ticket.id}/timesheets`)).items;
    assert.deepEqual(entries.map((e: { id: string }) => e.id), [entry.body.id]);
  });

  test('R79: the agent may change the draft before confirming it; R1 still holds', async () => {
    const { agent, ticket } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    ok(await agent.post('/timers/current/stop', {}));
    const unchanged = ['/timers/current', `/tickets/${ticket.id}/timesheets`];
    await refuses(agent, () => agent.post('/timers/current/confirm', { minutes: 0 }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(agent, () => agent.post('/timers/current/confirm', { userId: admin.userId }), 400, 'VALIDATION_FAILED', unchanged);
    const entry = ok(await agent.post('/timers/current/confirm', { minutes: 45, date: '2026-11-03', billable: false }));
    assert.deepEqual([entry.minutes, entry.date, entry.billable, entry.saleOrderLineId], [45, '2026-11-03', false, null]);
  });

  test('R79: a timer stopped at once proposes 1 minute', async () => {
    const { agent, ticket } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    assert.equal(ok(await agent.post('/timers/current/stop', {})).draft.minutes, 1);
  });

  test('R79: one timer per agent, running, paused or stopped: another start is 409 TIMER_ALREADY_RUNNING naming its ticket', async () => {
    const { agent, ticket, team } = await agentWithTicket();
    const other = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Second ticket' }));
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    const unchanged = ['/timers/current'];
    for (const step of ['running', 'pause', 'stop']) {
      if (step !== 'running') ok(await agent.post(`/timers/current/${step}`, {}));
      const refused = await refuses(agent, () => agent.post(`/tickets/${other.id}/timer`, {}), 409, 'TIMER_ALREADY_RUNNING', unchanged);
      assert.match(refused.error.message, new RegExp(`^Your timer on #${ticket.number} ${ticket.subject} (is running: stop it first|is paused: stop it first|is stopped: log or discard its time first)$`));
      await refuses(agent, () => agent.post(`/tickets/${ticket.id}/timer`, {}), 409, 'TIMER_ALREADY_RUNNING', unchanged);
    }
    // Another agent's timer on the same ticket is theirs.
    const colleague = await apiAs(db, 'agent', undefined, { teamIds: [team.id] });
    assert.equal((await colleague.post(`/tickets/${ticket.id}/timer`, {})).status, 201);
    ok(await agent.delete('/timers/current'));
    assert.equal((await agent.post(`/tickets/${other.id}/timer`, {})).status, 201);
  });

  test('R79: two starts at once leave one timer', async () => {
    const { agent, ticket, team } = await agentWithTicket();
    const other = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Racing ticket' }));
    const replies = await Promise.all([agent.post(`/tickets/${ticket.id}/timer`, {}), agent.post(`/tickets/${other.id}/timer`, {})]);
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409]);
    const rows = await db.execute(sql`SELECT count(*)::int AS n FROM timers WHERE user_id = ${Number(agent.userId)}`);
    assert.equal((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n, 1);
  });

  test('R79: a ticket the agent does not see is 404, a closed one 409 TICKET_CLOSED (R14), one without timesheets 409 (R11)', async () => {
    const { agent, ticket, team } = await agentWithTicket();
    const elsewhere = await createBillingSetup(admin);
    const unchanged = ['/timers/current'];
    await refuses(agent, () => agent.post(`/tickets/${elsewhere.ticket.id}/timer`, {}), 404, 'NOT_FOUND', unchanged);
    await refuses(agent, () => agent.post('/tickets/987654321/timer', {}), 404, 'NOT_FOUND', unchanged);
    const solved = await stageNamed(admin, team.id, 'Solved');
    const closed = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Closed one', stageId: solved.id }));
    await refuses(agent, () => agent.post(`/tickets/${closed.id}/timer`, {}), 409, 'TICKET_CLOSED', unchanged);
    const noTime = ok(await admin.post('/teams', buildTeam({ timesheetsEnabled: false, billingEnabled: false })));
    const internal = ok(await admin.post('/tickets', { teamId: noTime.id, subject: 'No timesheets' }));
    await refuses(admin, () => admin.post(`/tickets/${internal.id}/timer`, {}), 409, 'TIMESHEETS_DISABLED', unchanged);
    assert.equal((await agent.post(`/tickets/${ticket.id}/timer`, {})).status, 201);
  });

  test('R79: without a timer every action is 404 NO_TIMER; a state that does not allow it is 409 TIMER_WRONG_STATE', async () => {
    const { agent, ticket } = await agentWithTicket();
    const unchanged = ['/timers/current', `/tickets/${ticket.id}/timesheets`];
    for (const action of ['pause', 'resume', 'stop', 'confirm']) await refuses(agent, () => agent.post(`/timers/current/${action}`, {}), 404, 'NO_TIMER', unchanged);
    await refuses(agent, () => agent.delete('/timers/current'), 404, 'NO_TIMER', unchanged);
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    for (const action of ['resume', 'confirm']) await refuses(agent, () => agent.post(`/timers/current/${action}`, {}), 409, 'TIMER_WRONG_STATE', unchanged);
    ok(await agent.post('/timers/current/pause', {}));
    for (const action of ['pause', 'confirm']) await refuses(agent, () => agent.post(`/timers/current/${action}`, {}), 409, 'TIMER_WRONG_STATE', unchanged);
    ok(await agent.post('/timers/current/stop', {}));
    for (const action of ['pause', 'resume', 'stop']) await refuses(agent, () => agent.post(`/timers/current/${action}`, {}), 409, 'TIMER_WRONG_STATE', unchanged);
  });

  test('R79: discarding a stopped timer logs nothing', async () => {
    const { agent, ticket } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    ok(await agent.post('/timers/current/stop', {}));
    assert.equal((await agent.delete('/timers/current')).status, 204);
    assert.deepEqual(ok(await agent.get('/timers/current')), { timer: null });
    assert.deepEqual(ok(await agent.get(`/tickets/${ticket.id}/timesheets`)).items, []);
  });

  test('R79, R14: a ticket closed while its timer ran refuses the entry and the resume; the timer stays to be discarded', async () => {
    const { agent, ticket, team } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    ok(await agent.post('/timers/current/pause', {}));
    const solved = await stageNamed(admin, team.id, 'Solved');
    ok(await admin.patch(`/tickets/${ticket.id}`, { stageId: solved.id }));
    const unchanged = ['/timers/current', `/tickets/${ticket.id}/timesheets`];
    await refuses(agent, () => agent.post('/timers/current/resume', {}), 409, 'TICKET_CLOSED', unchanged);
    ok(await agent.post('/timers/current/stop', {}));
    await refuses(agent, () => agent.post('/timers/current/confirm', {}), 409, 'TICKET_CLOSED', unchanged);
    assert.equal((await agent.delete('/timers/current')).status, 204);
  });

  test('R79: an agent moved out of the ticket’s team cannot log its time: 404, and the timer stays', async () => {
    const { agent, ticket } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    ok(await agent.post('/timers/current/stop', {}));
    await db.execute(sql`DELETE FROM user_teams WHERE user_id = ${Number(agent.userId)}`);
    await refuses(agent, () => agent.post('/timers/current/confirm', {}), 404, 'NOT_FOUND', ['/timers/current']);
  });

  test('R79: a timer on a ticket the agent no longer sees hides its subject; resuming is 404 as for any unseen ticket; pause, stop and discard stay allowed', async () => {
    const { agent, ticket, team } = await agentWithTicket();
    const other = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Another ticket of the team' }));
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    const seen = ok(await agent.get('/timers/current')).timer;
    assert.deepEqual([seen.ticketSubject, seen.ticketVisible], [ticket.subject, true]);
    await db.execute(sql`DELETE FROM user_teams WHERE user_id = ${Number(agent.userId)}`);
    assert.equal((await agent.get(`/tickets/${ticket.id}`)).status, 404);
    // The read keeps the timer (its number, its time) but no longer says what the ticket is about.
    const hidden = ok(await agent.get('/timers/current')).timer;
    assert.deepEqual([hidden.ticketId, hidden.ticketNumber, hidden.ticketSubject, hidden.ticketVisible, hidden.state], [ticket.id, ticket.number, null, false, 'running']);
    assert.ok(!JSON.stringify(hidden).includes(ticket.subject));
    // Pausing counts no more time: allowed, and the answer hides the subject too.
    const paused = ok(await agent.post('/timers/current/pause', {}));
    assert.deepEqual([paused.state, paused.ticketSubject], ['paused', null]);
    const unchanged = ['/timers/current'];
    await refuses(agent, () => agent.post('/timers/current/resume', {}), 404, 'NOT_FOUND', unchanged);
    // Starting: on the unseen ticket 404; on any ticket, the timer they have is named without its subject.
    await refuses(agent, () => agent.post(`/tickets/${ticket.id}/timer`, {}), 404, 'NOT_FOUND', unchanged);
    await refuses(agent, () => agent.post(`/tickets/${other.id}/timer`, {}), 404, 'NOT_FOUND', unchanged);
    // Stop gives the draft (still without the subject); confirm is 404; discard removes the timer.
    const stopped = ok(await agent.post('/timers/current/stop', {}));
    assert.deepEqual([stopped.state, stopped.ticketSubject, stopped.draft.minutes], ['stopped', null, 1]);
    await refuses(agent, () => agent.post('/timers/current/confirm', {}), 404, 'NOT_FOUND', unchanged);
    assert.equal((await agent.delete('/timers/current')).status, 204);
    assert.deepEqual(ok(await agent.get('/timers/current')), { timer: null });
    assert.deepEqual(ok(await admin.get(`/tickets/${ticket.id}/timesheets`)).items, []);
  });

  test('R79: an agent in another team than their timer\'s ticket is told of their timer without its subject when starting elsewhere', async () => {
    const { agent, ticket } = await agentWithTicket();
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    const elsewhere = await createBillingSetup(admin);
    await db.execute(sql`UPDATE user_teams SET team_id = ${Number(elsewhere.team.id)} WHERE user_id = ${Number(agent.userId)}`);
    const refused = await refuses(agent, () => agent.post(`/tickets/${elsewhere.ticket.id}/timer`, {}), 409, 'TIMER_ALREADY_RUNNING', ['/timers/current']);
    assert.equal(refused.error.message, `Your timer on #${ticket.number} (a ticket you no longer see) is running: stop it first`);
    // Back in the team, the timer is theirs as before: subject shown, resume allowed.
    await db.execute(sql`INSERT INTO user_teams (user_id, team_id) VALUES (${Number(agent.userId)}, ${Number(ticket.teamId)})`);
    ok(await agent.post('/timers/current/pause', {}));
    const resumed = ok(await agent.post('/timers/current/resume', {}));
    assert.deepEqual([resumed.state, resumed.ticketSubject, resumed.ticketVisible], ['running', ticket.subject, true]);
  });

  test('R79: accountants (who log no time) and portal users have no timer: 403', async () => {
    const { ticket } = await agentWithTicket();
    const accountant = await apiAs(db, 'accountant');
    for (const [method, path] of [['get', '/timers/current'], ['post', `/tickets/${ticket.id}/timer`], ['post', '/timers/current/stop']] as const) {
      assert.equal((await accountant[method](path, {})).status, 403);
    }
  });

  test('R79 (database): one timer row per user; a running timer has a start, a stopped one a stop; seconds are never negative', async () => {
    const { agent, ticket } = await agentWithTicket();
    const user = Number(agent.userId);
    const insert = (state: string, startedAt: string | null, stoppedAt: string | null, seconds = 0) => db.execute(sql`
      INSERT INTO timers (user_id, ticket_id, state, started_at, stopped_at, accumulated_seconds)
      VALUES (${user}, ${Number(ticket.id)}, ${state}, ${startedAt}::timestamptz, ${stoppedAt}::timestamptz, ${seconds})`);
    assert.deepEqual(await refusal(insert('running', null, null)), ['23514', 'timers_running_has_start']);
    assert.deepEqual(await refusal(insert('paused', '2026-11-02T10:00:00Z', null)), ['23514', 'timers_running_has_start']);
    assert.deepEqual(await refusal(insert('stopped', null, null)), ['23514', 'timers_stopped_has_stop']);
    assert.deepEqual(await refusal(insert('paused', null, null, -1)), ['23514', 'timers_accumulated_seconds_check']);
    assert.deepEqual(await refusal(insert('dreaming', null, null)), ['23514', 'timers_state_check']);
    await insert('paused', null, null, 60);
    assert.deepEqual(await refusal(insert('running', '2026-11-02T10:00:00Z', null)), ['23505', 'timers_one_per_user']);
  });
  test('R81: colleagues of the ticket\'s team and managers see who has a timer on it; other teams and customers do not', async () => {
    const { agent, ticket, team, customer } = await agentWithTicket();
    const colleague = await apiAs(db, 'agent', agent.app, { teamIds: [team.id] });
    const outsider = await apiAs(db, 'agent', agent.app, { teamIds: [ok(await admin.post('/teams', buildTeam())).id] });
    const manager = await apiAs(db, 'manager', agent.app);
    ok(await agent.post(`/tickets/${ticket.id}/timer`, {}));
    await ageTimer(db, agent.userId, 90);
    const mine = ok(await colleague.get(`/timers?ticketId=${ticket.id}`)).items;
    assert.deepEqual(mine.map((t: any) => [t.agent.id, t.ticketId, t.ticketNumber, t.ticketSubject, t.state]), [[agent.userId, ticket.id, ticket.number, ticket.subject, 'running']]);
    assert.ok(mine[0].elapsedSeconds >= 90 && mine[0].elapsedSeconds < 100, `${mine[0].elapsedSeconds}`);
    ok(await colleague.post(`/tickets/${ticket.id}/timer`, {}));
    ok(await colleague.post('/timers/current/pause', {}));
    assert.deepEqual(ok(await manager.get(`/timers?ticketId=${ticket.id}`)).items.map((t: any) => [t.agent.id, t.state]), [[agent.userId, 'running'], [colleague.userId, 'paused']], 'oldest first');
    assert.ok(ok(await manager.get('/timers')).items.some((t: any) => t.agent.id === agent.userId), 'the manager sees every team');
    assert.deepEqual(ok(await outsider.get('/timers')).items.filter((t: any) => t.ticketId === ticket.id), [], 'another team sees none of it');
    assert.deepEqual(ok(await outsider.get(`/timers?ticketId=${ticket.id}`)).items, []);
    const portal = await apiAs(db, 'customer', agent.app, { customerId: customer.id });
    assert.equal((await portal.get('/timers')).status, 403);
    for (const bad of ['abc', '0', '1.5']) await refuses(manager, () => manager.get(`/timers?ticketId=${bad}`), 400, 'VALIDATION_FAILED', []);
    // Only its agent acts on a timer: the colleague's stop stops their own, not the agent's.
    ok(await colleague.post('/timers/current/stop', {}));
    assert.deepEqual(ok(await manager.get(`/timers?ticketId=${ticket.id}`)).items.map((t: any) => t.state), ['running', 'stopped']);
    for (const who of [agent, colleague]) assert.equal((await who.delete('/timers/current')).status, 204);
    assert.deepEqual(ok(await manager.get(`/timers?ticketId=${ticket.id}`)).items, []);
  });
});

