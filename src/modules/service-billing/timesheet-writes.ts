import { eq, sql } from 'drizzle-orm';
import { timesheetStatus } from '../../core/billing-status.ts';
import { inTransaction, preparedRows, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { logsForOthers } from '../../platform/access.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { currentActorId } from '../../platform/request-context.ts';
import { teamBoundUser, ticketTeamVisible } from '../helpdesk/index.ts';
import { refreshDraftEntryDescription } from '../invoicing/index.ts';
import { timesheets } from '../timesheets/index.ts';
import { assertSaleLineAllowed } from './sale-line-rules.ts';
import { assertActiveStaff } from './tickets.ts';
import { getTimesheet, type TimesheetRead } from './timesheet-read.ts';

export interface TimesheetInput {
  date: string;
  userId?: string | undefined;
  minutes: number;
  description?: string | undefined;
  billable?: boolean | undefined;
  saleOrderLineId?: string | null | undefined;
}

interface TicketContext {
  id: number;
  customer_id: number | null;
  sale_order_line_id: number | null;
  closed: boolean;
  timesheets_enabled: boolean;
  billing_enabled: boolean;
  project_id: number | null;
}

/** Loads and share-locks a ticket with what logging time on it depends on (R11, R12, R14). */
async function ticketContext(tx: Tx, ticketId: number): Promise<TicketContext> {
  // Lock first, then read in a new statement: under READ COMMITTED the read then sees a stage
  // changed by the transaction we waited for (a join locked in one statement would miss the row).
  await tx.execute(sql`SELECT id FROM tickets WHERE id = ${ticketId} FOR SHARE`);
  const [ticket] = await queryRows<TicketContext>(tx, sql`
    SELECT t.id::int AS id, t.customer_id::int AS customer_id, t.sale_order_line_id::int AS sale_order_line_id, s.closed,
           m.timesheets_enabled, m.billing_enabled, m.project_id::int AS project_id
      FROM tickets t JOIN stages s ON s.id = t.stage_id JOIN teams m ON m.id = t.team_id
     WHERE t.id = ${ticketId}`);
  if (!ticket) throw notFound('Ticket');
  if (ticket.closed) throw new AppError('TICKET_CLOSED', 'The ticket is closed: reopen it to change its time'); // R14
  return ticket;
}

/** Agents log and change only their own time; managers and admins anyone's (issue 4). */
function assertMayLogFor(actor: AuthContext, userId: number): void {
  if (userId !== actor.userId && !logsForOthers(actor.role)) throw new AppError('FORBIDDEN', 'You may log and change only your own time');
}

/**
 * Locks an entry's ticket (share) and then the entry, in the order relinking a ticket takes them
 * (ticket, then its entries), so the two never deadlock; R14 is checked on the way. An entry on a
 * ticket the caller does not see is not found; another agent's entry is not theirs to change.
 */
async function lockEntry(tx: Tx, timesheetId: number, actor: AuthContext) {
  const [ref] = await queryRows<{ ticket_id: number }>(tx, sql`
    SELECT t.ticket_id::int AS ticket_id FROM timesheets t JOIN tickets k ON k.id = t.ticket_id
     WHERE t.id = ${timesheetId} AND ${ticketTeamVisible(actor, sql`k.team_id`)}`);
  if (!ref) throw notFound('Timesheet');
  const ticket = await ticketContext(tx, ref.ticket_id);
  const [entry] = await tx.select().from(timesheets).where(eq(timesheets.id, timesheetId)).for('update');
  if (!entry) throw notFound('Timesheet');
  assertMayLogFor(actor, entry.userId);
  return { entry, ticket };
}

/** R15: the invoice claiming an entry, if any, as a message naming it. */
async function claimingInvoice(tx: Tx, timesheetId: number): Promise<string | null> {
  const [row] = await queryRows<{ number: string | null; id: number }>(tx, sql`
    SELECT i.number, i.id::int AS id FROM timesheet_claims c JOIN invoice_lines l ON l.id = c.invoice_line_id
      JOIN invoices i ON i.id = l.invoice_id WHERE c.timesheet_id = ${timesheetId}`);
  if (!row) return null;
  return row.number ?? `draft invoice ${row.id}`;
}

interface LoggedRow {
  found: boolean;
  closed: boolean;
  timesheets_enabled: boolean;
  ticket_number: number;
  agent_ok: boolean;
  id: number | null;
  project_id: number;
  user_id: number;
  user_name: string;
  date: string;
  minutes: number;
  description: string;
  billable: boolean;
  sale_order_line_id: number | null;
  pinned: boolean;
  created_at: string;
}

// One statement: share-lock the ticket (a concurrent close waits, R14) if the caller sees it ($8:
// the user whose teams bound the view, or null), check the team (R11) and the agent, record the
// actor for the audit trigger ($9), and insert with the defaults of R12. One round trip, planned
// once per connection.
const LOG_TIME_SQL = `
  WITH ctx AS (
    SELECT t.id, t.number, t.sale_order_line_id, s.closed, m.timesheets_enabled, m.billing_enabled, m.project_id
      FROM tickets t JOIN stages s ON s.id = t.stage_id JOIN teams m ON m.id = t.team_id
     WHERE t.id = $1 AND ($8::bigint IS NULL OR t.team_id IN (SELECT team_id FROM user_teams WHERE user_id = $8::bigint))
       FOR SHARE OF t),
  agent AS (SELECT id, name FROM users WHERE id = $2 AND active AND role <> 'customer'),
  actor AS (SELECT set_config('deskbill.actor', coalesce($9::text, ''), true) AS v),
  ins AS (
    INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id, pinned)
    SELECT ctx.id, ctx.project_id, agent.id, $3::date, $4::int, $5::text, coalesce($6::boolean, $7::bigint IS NOT NULL OR ctx.billing_enabled),
           CASE WHEN coalesce($6::boolean, $7::bigint IS NOT NULL OR ctx.billing_enabled) THEN coalesce($7::bigint, ctx.sale_order_line_id) END,
           $7::bigint IS NOT NULL
      FROM ctx, agent, actor
     WHERE NOT ctx.closed AND ctx.timesheets_enabled AND ctx.project_id IS NOT NULL
    RETURNING id, project_id, user_id, date, minutes, description, billable, sale_order_line_id, pinned, created_at)
  SELECT true AS found, ctx.closed, ctx.timesheets_enabled, ctx.number::int AS ticket_number,
         EXISTS (SELECT 1 FROM agent) AS agent_ok, (SELECT name FROM agent) AS user_name,
         ins.id::int AS id, ins.project_id::int AS project_id, ins.user_id::int AS user_id, ins.date::text AS date,
         ins.minutes, ins.description, ins.billable, ins.sale_order_line_id::int AS sale_order_line_id, ins.pinned,
         ins.created_at::text AS created_at
    FROM ctx LEFT JOIN ins ON true`;

/**
 * Logs time on a ticket (R11, R12, R14): billable defaults to the team's billing switch, the line
 * to the ticket's; an explicit line pins the entry (checked against R20).
 */
export async function logTime(db: Db, ticketId: number, actor: AuthContext, input: TimesheetInput): Promise<TimesheetRead> {
  if (input.billable === false && input.saleOrderLineId) throw invalid('saleOrderLineId', 'A non-billable entry has no sales order item');
  const pinnedLine = input.saleOrderLineId ? Number(input.saleOrderLineId) : null;
  if (pinnedLine !== null) {
    const [ticket] = await queryRows<{ customer_id: number | null }>(db, sql`
      SELECT customer_id::int AS customer_id FROM tickets WHERE id = ${ticketId} AND ${ticketTeamVisible(actor, sql`team_id`)}`);
    if (!ticket) throw notFound('Ticket');
    await assertSaleLineAllowed(db, ticket.customer_id, pinnedLine, 'saleOrderLineId');
  }
  const userId = input.userId ? Number(input.userId) : actor.userId;
  assertMayLogFor(actor, userId);
  const actorId = currentActorId();
  const params = [ticketId, userId, input.date, input.minutes, input.description ?? '', input.billable ?? null, pinnedLine, teamBoundUser(actor), actorId === null ? null : String(actorId)];
  let [row] = await preparedRows<LoggedRow>(db, 'deskbill_log_time', LOG_TIME_SQL, params);
  if (!row) {
    // The ticket changed stage while we waited for its lock: the statement's snapshot missed the
    // new row. Once more, with a fresh snapshot (a closed ticket then answers TICKET_CLOSED).
    [row] = await preparedRows<LoggedRow>(db, 'deskbill_log_time', LOG_TIME_SQL, params);
  }
  if (!row) throw notFound('Ticket');
  if (row.closed) throw new AppError('TICKET_CLOSED', 'The ticket is closed: reopen it to change its time'); // R14
  if (!row.timesheets_enabled) throw new AppError('TIMESHEETS_DISABLED', "Timesheets are not enabled on this ticket's team"); // R11
  if (!row.agent_ok || row.id === null) throw invalid('userId', 'No such active staff user');
  const line = row.sale_order_line_id === null ? null : String(row.sale_order_line_id);
  const createdAt = new Date(row.created_at).toISOString();
  return {
    id: String(row.id), ticketId: String(ticketId), ticketNumber: row.ticket_number, projectId: String(row.project_id),
    userId: String(row.user_id), userName: row.user_name, date: row.date, minutes: row.minutes, description: row.description,
    billable: row.billable, saleOrderLineId: line, pinned: row.pinned,
    status: timesheetStatus({ billable: row.billable, saleOrderLineId: line, claimed: false }),
    invoiceId: null, invoiceNumber: null, createdAt, updatedAt: createdAt,
  };
}

/**
 * Changes an entry. R14: not on a closed ticket. R15: once invoiced only the description may
 * change. R12: `saleOrderLineId` pins the entry, `null` unpins it (it follows the ticket again),
 * `billable: false` unlinks it.
 */
export async function updateTimesheet(db: Db, timesheetId: number, patch: Partial<TimesheetInput>, actor: AuthContext): Promise<TimesheetRead> {
  await inTransaction(db, async (tx) => {
    const { entry, ticket } = await lockEntry(tx, timesheetId, actor);
    const changesBilling = (['date', 'userId', 'minutes', 'billable', 'saleOrderLineId'] as const).some((k) => patch[k] !== undefined);
    const invoice = await claimingInvoice(tx, timesheetId);
    if (invoice && changesBilling) {
      throw new AppError('TIMESHEET_INVOICED', `This time is on ${invoice}; credit it to change it (only the description can change)`);
    }
    if (patch.userId) {
      assertMayLogFor(actor, Number(patch.userId));
      await assertActiveStaff(tx, Number(patch.userId), 'userId');
    }
    const billable = patch.billable ?? entry.billable;
    if (!billable && patch.saleOrderLineId) throw invalid('saleOrderLineId', 'A non-billable entry has no sales order item');
    let pinned = entry.pinned;
    let lineId = entry.saleOrderLineId;
    if (patch.saleOrderLineId) {
      await assertSaleLineAllowed(tx, ticket.customer_id, Number(patch.saleOrderLineId), 'saleOrderLineId');
      [pinned, lineId] = [true, Number(patch.saleOrderLineId)];
    } else if (patch.saleOrderLineId === null || (billable && !entry.billable && !pinned)) {
      [pinned, lineId] = [false, ticket.sale_order_line_id];
    }
    if (!billable) [pinned, lineId] = [false, null];
    await tx
      .update(timesheets)
      .set({
        date: patch.date,
        userId: patch.userId ? Number(patch.userId) : undefined,
        minutes: patch.minutes,
        description: patch.description,
        billable,
        saleOrderLineId: lineId,
        pinned,
        updatedAt: new Date(),
      })
      .where(eq(timesheets.id, timesheetId));
    if (invoice && patch.description !== undefined) await refreshDraftEntryDescription(tx, timesheetId, patch.description);
  });
  return getTimesheet(db, timesheetId, actor);
}

/** Deletes an entry (R14: not on a closed ticket; R15: not once invoiced). */
export async function deleteTimesheet(db: Db, timesheetId: number, actor: AuthContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockEntry(tx, timesheetId, actor);
    const invoice = await claimingInvoice(tx, timesheetId);
    if (invoice) throw new AppError('TIMESHEET_INVOICED', `This time is on ${invoice}; credit it before deleting it`);
    await tx.delete(timesheets).where(eq(timesheets.id, timesheetId));
  });
}
