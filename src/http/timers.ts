import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { caller } from './auth-hook.ts';
import { errorResponses, id, idParams } from '../platform/schemas.ts';
import { changeTimer, getCurrentTimer, listTimers, removeTimer, startTimer } from '../modules/timesheets/index.ts';
import { confirmTimer } from '../modules/service-billing/index.ts';
import { timesheetCreate, timesheetRead } from './timesheets.ts';

// R79: an agent's timer on a ticket.
const timerRead = z.object({
  // R79: an agent taken out of the ticket's team keeps the timer, but no longer sees its subject.
  id: z.string(), ticketId: z.string(), ticketNumber: z.number(), ticketSubject: z.string().nullable(), ticketVisible: z.boolean(),
  state: z.enum(['running', 'paused', 'stopped']), elapsedSeconds: z.number(),
  startedAt: z.string().nullable(), firstStartedAt: z.string(), stoppedAt: z.string().nullable(),
  draft: z.object({ date: z.string(), minutes: z.number() }).nullable(),
});
// R81: the timers on the tickets the caller sees, whoever runs them.
const teamTimerRead = z.object({
  id: z.string(), agent: z.object({ id: z.string(), name: z.string() }), ticketId: z.string(), ticketNumber: z.number(), ticketSubject: z.string(),
  state: z.enum(['running', 'paused', 'stopped']), elapsedSeconds: z.number(), startedAt: z.string().nullable(), firstStartedAt: z.string(),
});
const timerConfirm = timesheetCreate.omit({ userId: true }).partial();
const tags = ['timers'];
const answer = { 200: timerRead, ...errorResponses };

/** The caller's timer: start on a ticket, pause, resume, stop (a draft), confirm as an entry, discard. */
export function registerTimerRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  const access = { access: policy.helpdeskWrite };
  app.get(`${p}/timers`, {
    config: { access: policy.helpdeskRead },
    schema: { tags, querystring: z.strictObject({ ticketId: id.optional() }), response: { 200: z.object({ items: z.array(teamTimerRead) }), ...errorResponses } },
  }, async (r) => ({ items: await listTimers(db, caller(r), { ticketId: r.query.ticketId === undefined ? undefined : Number(r.query.ticketId) }) }));
  app.get(`${p}/timers/current`, {
    config: access, schema: { tags, response: { 200: z.object({ timer: timerRead.nullable() }), ...errorResponses } },
  }, async (r) => ({ timer: await getCurrentTimer(db, caller(r)) }));
  app.post(`${p}/tickets/:id/timer`, {
    config: access, schema: { tags, params: idParams, response: { 201: timerRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await startTimer(db, Number(r.params.id), caller(r))));
  for (const action of ['pause', 'resume', 'stop'] as const) {
    app.post(`${p}/timers/current/${action}`, { config: access, schema: { tags, response: answer } }, async (r) => changeTimer(db, caller(r), action));
  }
  app.post(`${p}/timers/current/confirm`, {
    config: access, schema: { tags, body: timerConfirm, response: { 201: timesheetRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await confirmTimer(db, caller(r), r.body)));
  app.delete(`${p}/timers/current`, { config: access, schema: { tags, response: { 204: z.null(), ...errorResponses } } }, async (r, reply) => {
    await removeTimer(db, caller(r));
    return reply.status(204).send(null);
  });
}
