import { formatMultiplier } from '../../core/billed-minutes.ts';
import { timesheetStatus } from '../../core/billing-status.ts';
import { preparedRows, type Db } from '../../platform/db.ts';
import { markQueued } from '../../platform/outbox.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { currentActorId } from '../../platform/request-context.ts';
import { MOVE_ON_TIME_LOGGED_SQL, teamBoundUser } from '../helpdesk/index.ts';
import { assertMayLogFor, ticketClosed } from './entries.ts';
import type { TimesheetRead } from './read.ts';
import { entryLinkSql } from './rules-sql.ts';
import { workTypeNotAllowed } from './work-types.ts';

export interface TimesheetInput {
  date: string;
  userId?: string | undefined;
  minutes: number;
  description?: string | undefined;
  billable?: boolean | undefined;
  saleOrderLineId?: string | null | undefined;
  /** R77: the kind of work (an active work type), or none. */
  workTypeId?: string | null | undefined;
}

interface LoggedRow {
  hooks: number | null;
  moved_to: number | null;
  closed: boolean;
  timesheets_enabled: boolean;
  ticket_number: number;
  agent_ok: boolean;
  work_type_ok: boolean;
  work_type_id: number | null;
  work_type_name: string | null;
  id: number | null;
  project_id: number;
  user_id: number;
  user_name: string;
  date: string;
  minutes: number;
  billed_minutes: number;
  billed_multiplier: string;
  description: string;
  billable: boolean;
  sale_order_line_id: number | null;
  pinned: boolean;
  created_at: string;
}

// R76/R77: an unpinned entry takes the ticket's line as the order routes it for this agent and
// work type (sale_line_route, migration 0021: a function of the routes, read when it runs).
const link = entryLinkSql({ billable: '$6::boolean', line: '$7::bigint', teamBilling: 'ctx.billing_enabled', ticketLine: 'sale_line_route(ctx.sale_order_line_id, agent.id, $10::bigint)' });

// Decision 0018: logging time is one statement, for speed. It locks the ticket if the caller sees
// it ($8: the user whose teams bound the view, or null), so a concurrent close waits (R14); the lock
// is FOR NO KEY UPDATE, not FOR SHARE, because the statement may move the ticket (R67) and two share
// locks each waiting to update would deadlock. It checks the team (R11) and the agent, records the
// actor for the audit trigger ($9), and inserts with the defaults of R12. R67: when the team names a
// stage for it and the ticket waits in the team's first stage, the same statement moves the ticket
// there (audited by the tickets trigger; ticket.stage_changed emitted, R64) — one conditional UPDATE
// that touches nothing otherwise. R76/R77: the work type ($10) must be active, and the ticket's line
// goes through the order's routes. One round trip, planned once per connection. It reads
// helpdesk's and accounts' tables, which sit below this module.
const LOG_TIME_SQL = `
  WITH ctx AS (
    SELECT t.id, t.number, t.team_id, t.stage_id, t.sale_order_line_id, s.closed, m.timesheets_enabled, m.billing_enabled, m.project_id,
           m.stage_on_time_logged
      FROM tickets t JOIN stages s ON s.id = t.stage_id JOIN teams m ON m.id = t.team_id
     WHERE t.id = $1 AND ($8::bigint IS NULL OR t.team_id IN (SELECT team_id FROM user_teams WHERE user_id = $8::bigint))
       FOR NO KEY UPDATE OF t),
  agent AS (SELECT id, name FROM users WHERE id = $2 AND active AND role <> 'customer'),
  actor AS (SELECT set_config('deskbill.actor', coalesce($9::text, ''), true) AS v),
  wt AS (SELECT id, name FROM work_types WHERE id = $10::bigint AND active),
  ins AS (
    INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id, pinned, work_type_id)
    SELECT ctx.id, ctx.project_id, agent.id, $3::date, $4::int, $5::text, ${link.billable}, ${link.saleOrderLineId}, ${link.pinned}, $10::bigint
      FROM ctx, agent, actor
     WHERE NOT ctx.closed AND ctx.timesheets_enabled AND ctx.project_id IS NOT NULL AND ($10::bigint IS NULL OR EXISTS (SELECT 1 FROM wt))
    RETURNING id, project_id, user_id, date, minutes, billed_minutes, billed_multiplier, description, billable, sale_order_line_id, pinned, work_type_id, created_at),
  moved AS (
${MOVE_ON_TIME_LOGGED_SQL})
  SELECT (SELECT webhook_emit('ticket.stage_changed', 'msg_' || replace(gen_random_uuid()::text, '-', ''),
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            jsonb_build_object('id', mv.id::text, 'number', mv.number, 'teamId', mv.team_id::text,
              'previousStageId', mv.previous_stage_id::text, 'stageId', mv.stage_id::text, 'closed', false))
            FROM moved mv) AS hooks,
         (SELECT stage_id FROM moved) AS moved_to,
         ctx.closed, ctx.timesheets_enabled, ctx.number AS ticket_number,
         EXISTS (SELECT 1 FROM agent) AS agent_ok, (SELECT name FROM agent) AS user_name,
         ($10::bigint IS NULL OR EXISTS (SELECT 1 FROM wt)) AS work_type_ok, (SELECT name FROM wt) AS work_type_name, ins.work_type_id,
         ins.id, ins.project_id, ins.user_id, ins.date::text AS date, ins.minutes, ins.billed_minutes, ins.billed_multiplier::text AS billed_multiplier, ins.description, ins.billable,
         ins.sale_order_line_id, ins.pinned, ins.created_at::text AS created_at
    FROM ctx LEFT JOIN ins ON true`;

/**
 * Logs time on a ticket the caller sees (R11, R12, R14; agents for themselves only). An explicit
 * line pins the entry: the caller (the bridge) has checked it against R20.
 */
export async function logTimeEntry(db: Db, ticketId: number, actor: AuthContext, input: TimesheetInput): Promise<TimesheetRead> {
  if (input.billable === false && input.saleOrderLineId) throw invalid('saleOrderLineId', 'A non-billable entry has no sales order item');
  const userId = input.userId ? Number(input.userId) : actor.userId;
  assertMayLogFor(actor, userId);
  const actorId = currentActorId();
  const pinnedLine = input.saleOrderLineId ? Number(input.saleOrderLineId) : null;
  const workTypeId = input.workTypeId ? Number(input.workTypeId) : null;
  const params = [ticketId, userId, input.date, input.minutes, input.description ?? '', input.billable ?? null, pinnedLine, teamBoundUser(actor), actorId === null ? null : String(actorId), workTypeId];
  let [row] = await preparedRows<LoggedRow>(db, 'deskbill_log_time', LOG_TIME_SQL, params);
  if (!row) {
    // The ticket changed stage while we waited for its lock: the statement's snapshot missed the
    // new row. Once more, with a fresh snapshot (a closed ticket then answers TICKET_CLOSED).
    [row] = await preparedRows<LoggedRow>(db, 'deskbill_log_time', LOG_TIME_SQL, params);
  }
  if (!row) throw notFound('Ticket');
  if (row.closed) throw ticketClosed();
  if (!row.timesheets_enabled) throw new AppError('TIMESHEETS_DISABLED', "Timesheets are not enabled on this ticket's team"); // R11
  if (!row.agent_ok) throw invalid('userId', 'No such active staff user');
  if (!row.work_type_ok) throw workTypeNotAllowed('workTypeId'); // R77
  if (row.id === null) throw invalid('userId', 'No such active staff user');
  if (Number(row.hooks ?? 0) > 0) markQueued();
  const line = row.sale_order_line_id === null ? null : String(row.sale_order_line_id);
  const createdAt = new Date(row.created_at).toISOString();
  return {
    id: String(row.id), ticketId: String(ticketId), ticketNumber: row.ticket_number, projectId: String(row.project_id),
    userId: String(row.user_id), userName: row.user_name, date: row.date, minutes: row.minutes,
    billedMinutes: row.billed_minutes, billedMultiplier: formatMultiplier(row.billed_multiplier), description: row.description,
    billable: row.billable, saleOrderLineId: line, pinned: row.pinned,
    workTypeId: row.work_type_id === null ? null : String(row.work_type_id), workTypeName: row.work_type_name,
    status: timesheetStatus({ billable: row.billable, saleOrderLineId: line, claimed: false }),
    invoiceId: null, invoiceNumber: null, createdAt, updatedAt: createdAt,
  };
}
