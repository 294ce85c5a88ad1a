import { sql } from 'drizzle-orm';
import { draftMinutes, timerRefusal, type TimerAction, type TimerState } from '../../core/timer.ts';
import { inTransaction, isoTimestamp, queryRows, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';
import { ticketClosed } from './entries.ts';

/** R79: an agent's timer as the API shows it; `draft` is the entry a stopped timer proposes. */
export interface TimerRead {
  id: string;
  ticketId: string;
  ticketNumber: number;
  /** Null when the caller no longer sees the ticket (they left its team): R79 hides what it is about. */
  ticketSubject: string | null;
  /** False when the caller no longer sees the ticket: the timer can only be paused, stopped or discarded. */
  ticketVisible: boolean;
  state: TimerState;
  /** Seconds counted so far, at the database's now(). */
  elapsedSeconds: number;
  /** Start of the run going on (null unless running). */
  startedAt: string | null;
  firstStartedAt: string;
  stoppedAt: string | null;
  draft: { date: string; minutes: number } | null;
}

interface TimerRow {
  id: number;
  ticket_id: number;
  number: number;
  subject: string;
  state: TimerState;
  elapsed_seconds: number;
  started_at: string | null;
  first_started_at: string;
  stopped_at: string | null;
  started_on: string;
  closed: boolean;
  visible: boolean;
}

/** The seconds a timer has counted: its finished runs, plus the run going on up to now(). */
const ELAPSED_SQL = sql`r.accumulated_seconds + CASE WHEN r.state = 'running' THEN greatest(0, floor(extract(epoch FROM now() - r.started_at)))::int ELSE 0 END`;

/**
 * The caller's timer, with whether they still see its ticket (R79: an agent taken out of the
 * ticket's team keeps the timer, but no longer the ticket).
 */
async function timerRow(db: Executor, actor: AuthContext, lock: boolean): Promise<TimerRow | undefined> {
  const [row] = await queryRows<TimerRow>(db, sql`
    SELECT r.id, r.ticket_id, k.number, k.subject, r.state, ${ELAPSED_SQL} AS elapsed_seconds, r.started_at::text AS started_at,
           r.first_started_at::text AS first_started_at, r.stopped_at::text AS stopped_at,
           (r.first_started_at AT TIME ZONE 'UTC')::date::text AS started_on, s.closed,
           ${ticketTeamVisible(actor, sql`k.team_id`)} AS visible
      FROM timers r JOIN tickets k ON k.id = r.ticket_id JOIN stages s ON s.id = k.stage_id
     WHERE r.user_id = ${actor.userId} ${lock ? sql`FOR UPDATE OF r` : sql``}`);
  return row;
}

/** How a refusal names the timer's ticket: its number, and its subject only while the caller sees it. */
const ticketName = (row: TimerRow): string => (row.visible ? `#${row.number} ${row.subject}` : `#${row.number} (a ticket you no longer see)`);

function toTimerRead(row: TimerRow): TimerRead {
  return {
    id: String(row.id), ticketId: String(row.ticket_id), ticketNumber: row.number, ticketSubject: row.visible ? row.subject : null,
    ticketVisible: row.visible, state: row.state,
    elapsedSeconds: row.elapsed_seconds, startedAt: isoTimestamp(row.started_at), firstStartedAt: isoTimestamp(row.first_started_at)!,
    stoppedAt: isoTimestamp(row.stopped_at),
    draft: row.state === 'stopped' ? { date: row.started_on, minutes: draftMinutes(row.elapsed_seconds) } : null,
  };
}

/** R79: the caller's timer, or null when they have none. */
export async function getCurrentTimer(db: Executor, actor: AuthContext): Promise<TimerRead | null> {
  const row = await timerRow(db, actor, false);
  return row ? toTimerRead(row) : null;
}

const noTimer = () => new AppError('NO_TIMER', 'You have no timer');

/**
 * R79: locks the caller's timer for `action` and checks that its state allows it (404 `NO_TIMER`,
 * 409 `TIMER_WRONG_STATE`); resuming is refused on a ticket the caller no longer sees (404, as for
 * any unseen ticket) or closed (R14). Pausing and stopping count no more time and stay allowed. For
 * the bridge's confirm, whose entry is refused as any entry on an unseen ticket is.
 */
export async function lockTimer(tx: Tx, actor: AuthContext, action: TimerAction): Promise<TimerRead> {
  const row = await timerRow(tx, actor, true);
  if (!row) throw noTimer();
  const refusal = timerRefusal(row.state, action);
  if (refusal) throw new AppError('TIMER_WRONG_STATE', `${refusal} (#${row.number})`);
  if (action === 'resume' && !row.visible) throw notFound('Ticket');
  if (action === 'resume' && row.closed) throw ticketClosed();
  return toTimerRead(row);
}

/**
 * R79: starts the caller's timer on a ticket they see, open (R14), with timesheets (R11). An agent
 * has one timer: another one, running, paused or stopped, answers 409 `TIMER_ALREADY_RUNNING`
 * naming its ticket (the unique index decides between two starts at once).
 */
export async function startTimer(db: Executor, ticketId: number, actor: AuthContext): Promise<TimerRead> {
  return inTransaction(db, async (tx) => {
    const [ticket] = await queryRows<{ closed: boolean; timesheets_enabled: boolean }>(tx, sql`
      SELECT s.closed, m.timesheets_enabled FROM tickets k JOIN stages s ON s.id = k.stage_id JOIN teams m ON m.id = k.team_id
       WHERE k.id = ${ticketId} AND ${ticketTeamVisible(actor, sql`k.team_id`)}`);
    if (!ticket) throw notFound('Ticket');
    if (ticket.closed) throw ticketClosed();
    if (!ticket.timesheets_enabled) throw new AppError('TIMESHEETS_DISABLED', "Timesheets are not enabled on this ticket's team");
    const inserted = await queryRows<{ id: number }>(tx, sql`
      INSERT INTO timers (user_id, ticket_id, state, started_at) VALUES (${actor.userId}, ${ticketId}, 'running', now())
      ON CONFLICT (user_id) DO NOTHING RETURNING id`);
    const row = await timerRow(tx, actor, false);
    if (inserted.length === 0 && row) {
      const what = row.state === 'stopped' ? 'is stopped: log or discard its time first' : `is ${row.state}: stop it first`;
      throw new AppError('TIMER_ALREADY_RUNNING', `Your timer on ${ticketName(row)} ${what}`);
    }
    return toTimerRead(row!);
  });
}

/** R79: pauses, resumes or stops the caller's timer; the seconds of a run end up in `accumulated_seconds`. */
export async function changeTimer(db: Executor, actor: AuthContext, action: 'pause' | 'resume' | 'stop'): Promise<TimerRead> {
  return inTransaction(db, async (tx) => {
    const timer = await lockTimer(tx, actor, action);
    const state: TimerState = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopped';
    await tx.execute(sql`
      UPDATE timers r SET accumulated_seconds = ${ELAPSED_SQL}, state = ${state},
             started_at = CASE WHEN ${state}::text = 'running' THEN now() END,
             stopped_at = CASE WHEN ${state}::text = 'stopped' THEN now() END
       WHERE r.id = ${Number(timer.id)}`);
    return toTimerRead((await timerRow(tx, actor, false))!);
  });
}

/** R79: removes the caller's timer (discarding it, or once its entry is logged); 404 `NO_TIMER` without one. */
export async function removeTimer(db: Executor, actor: AuthContext): Promise<void> {
  const deleted = await queryRows<{ id: number }>(db, sql`DELETE FROM timers WHERE user_id = ${actor.userId} RETURNING id`);
  if (deleted.length === 0) throw noTimer();
}

/** R81: a timer seen by a colleague or a manager: whose it is, on which ticket, and how long it has counted. */
export interface TeamTimerRead {
  id: string;
  agent: { id: string; name: string };
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  state: TimerState;
  elapsedSeconds: number;
  startedAt: string | null;
  firstStartedAt: string;
}

/**
 * R81: the timers on the tickets the caller sees (R12: an agent's teams; managers and admins all),
 * whoever runs them, so that two agents do not work one ticket without knowing and a manager sees
 * who is on what; oldest first. `ticketId` narrows to one ticket. Timers stay their agents' own:
 * only the agent pauses, stops or logs one (R79).
 */
export async function listTimers(db: Executor, actor: AuthContext, filter: { ticketId?: number | undefined }): Promise<TeamTimerRead[]> {
  const rows = await queryRows<{ id: number; user_id: number; user_name: string; ticket_id: number; number: number; subject: string; state: TimerState; elapsed_seconds: number; started_at: string | null; first_started_at: string }>(db, sql`
    SELECT r.id, r.user_id, u.name AS user_name, r.ticket_id, k.number, k.subject, r.state, ${ELAPSED_SQL} AS elapsed_seconds,
           r.started_at::text AS started_at, r.first_started_at::text AS first_started_at
      FROM timers r JOIN tickets k ON k.id = r.ticket_id JOIN users u ON u.id = r.user_id
     WHERE ${ticketTeamVisible(actor, sql`k.team_id`)} ${filter.ticketId === undefined ? sql`` : sql`AND r.ticket_id = ${filter.ticketId}`}
     ORDER BY r.first_started_at, r.id`);
  return rows.map((r) => ({
    id: String(r.id), agent: { id: String(r.user_id), name: r.user_name }, ticketId: String(r.ticket_id), ticketNumber: r.number, ticketSubject: r.subject,
    state: r.state, elapsedSeconds: r.elapsed_seconds, startedAt: isoTimestamp(r.started_at), firstStartedAt: isoTimestamp(r.first_started_at)!,
  }));
}
