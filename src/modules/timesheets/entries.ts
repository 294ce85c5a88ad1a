import { eq, sql, type SQL } from 'drizzle-orm';
import type { BillingIncrements } from '../../core/billed-minutes.ts';
import { entryLink } from '../../core/billing-status.ts';
import { pgArray, queryRows, type Tx } from '../../platform/db.ts';
import { logsForOthers } from '../../platform/access.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { assertActiveStaff } from '../accounts/index.ts';
import { lockTicketForTime, ticketTeamVisible, type TicketForTime } from '../helpdesk/index.ts';
import { emitEvent } from '../webhooks/index.ts';
import type { TimesheetInput } from './log-time.ts';
import { timesheets } from './tables.ts';
import { assertActiveWorkType } from './work-types.ts';

export type EntryRow = typeof timesheets.$inferSelect;

/** The fields whose change touches what an entry bills (frozen once invoiced, R15). */
export const BILLING_FIELDS = ['date', 'userId', 'minutes', 'billable', 'saleOrderLineId', 'workTypeId'] as const;

/** Agents log and change only their own time; managers and admins anyone's (issue 4). */
export function assertMayLogFor(actor: AuthContext, userId: number): void {
  if (userId !== actor.userId && !logsForOthers(actor.role)) throw new AppError('FORBIDDEN', 'You may log and change only your own time');
}

/** R14: the refusal of time on a closed ticket. */
export function ticketClosed(): AppError {
  return new AppError('TICKET_CLOSED', 'The ticket is closed: reopen it to change its time');
}

/**
 * Locks an entry's ticket (share) and then the entry, in the order relinking a ticket takes them
 * (ticket, then its entries), so the two never deadlock; R14 is checked on the way. An entry on a
 * ticket the caller does not see is not found; another agent's entry is not theirs to change.
 */
export async function lockEntry(tx: Tx, timesheetId: number, actor: AuthContext): Promise<{ entry: EntryRow; ticket: TicketForTime }> {
  const [ref] = await queryRows<{ ticket_id: number }>(tx, sql`
    SELECT t.ticket_id FROM timesheets t JOIN tickets k ON k.id = t.ticket_id
     WHERE t.id = ${timesheetId} AND ${ticketTeamVisible(actor, sql`k.team_id`)}`);
  if (!ref) throw notFound('Timesheet');
  const ticket = await lockTicketForTime(tx, ref.ticket_id);
  if (!ticket) throw notFound('Timesheet');
  if (ticket.closed) throw ticketClosed();
  const [entry] = await tx.select().from(timesheets).where(eq(timesheets.id, timesheetId)).for('update');
  if (!entry) throw notFound('Timesheet');
  assertMayLogFor(actor, entry.userId);
  return { entry, ticket };
}

/**
 * R76/R77: the line an unpinned billable entry of this agent and work type takes on a ticket whose
 * line is `ticketLine`: through the routes of that line's order (sale_line_route, migration 0021).
 */
async function routedLine(tx: Tx, ticketLine: number | null, userId: number, workTypeId: number | null): Promise<number | null> {
  if (ticketLine === null) return null;
  const [row] = await queryRows<{ line: number }>(tx, sql`SELECT sale_line_route(${ticketLine}::bigint, ${userId}::bigint, ${workTypeId}::bigint) AS line`);
  return row!.line;
}

/**
 * The values a change gives a locked entry. R12: `saleOrderLineId` pins the entry, `null` unpins
 * it (it follows the ticket again), `billable: false` unlinks it; billing fields left alone keep
 * the entry's line. The caller checks an explicit line against R20. R76/R77: an unpinned entry
 * whose agent or work type changes takes the line the order routes it to; a work type must be active.
 */
export async function changedEntry(tx: Tx, locked: { entry: EntryRow; ticket: TicketForTime }, patch: Partial<TimesheetInput>, actor: AuthContext): Promise<Partial<EntryRow>> {
  const { entry, ticket } = locked;
  if (patch.userId) {
    assertMayLogFor(actor, Number(patch.userId));
    await assertActiveStaff(tx, Number(patch.userId), 'userId');
  }
  const billable = patch.billable ?? entry.billable;
  if (!billable && patch.saleOrderLineId) throw invalid('saleOrderLineId', 'A non-billable entry has no sales order item');
  if (patch.workTypeId) await assertActiveWorkType(tx, Number(patch.workTypeId), 'workTypeId');
  const userId = patch.userId ? Number(patch.userId) : entry.userId;
  const workTypeId = patch.workTypeId !== undefined ? (patch.workTypeId ? Number(patch.workTypeId) : null) : entry.workTypeId;
  const reroutes = userId !== entry.userId || workTypeId !== entry.workTypeId;
  const relinks = patch.saleOrderLineId !== undefined || billable !== entry.billable || reroutes;
  const explicit = patch.saleOrderLineId !== undefined ? (patch.saleOrderLineId ? Number(patch.saleOrderLineId) : null) : entry.pinned ? entry.saleOrderLineId : null;
  const link = relinks
    ? entryLink({ billable, line: explicit, teamBilling: ticket.billingEnabled, ticketLine: await routedLine(tx, ticket.saleOrderLineId, userId, workTypeId) })
    : { billable, saleOrderLineId: entry.saleOrderLineId, pinned: entry.pinned };
  return {
    date: patch.date,
    userId: patch.userId ? Number(patch.userId) : undefined,
    minutes: patch.minutes,
    description: patch.description,
    workTypeId: patch.workTypeId !== undefined ? workTypeId : undefined,
    ...link,
    updatedAt: new Date(),
  };
}

/**
 * The data of the timesheet.* webhook events (R64): the entry's id and key fields. Its SQL twin,
 * for timesheet.created, is the trigger timesheets_webhook_created of migration 0014.
 */
export const timesheetEventData = (row: EntryRow) => ({
  id: String(row.id), ticketId: String(row.ticketId), userId: String(row.userId), date: row.date, minutes: row.minutes,
  description: row.description, billable: row.billable, saleOrderLineId: row.saleOrderLineId === null ? null : String(row.saleOrderLineId),
});

/** Writes the values `changedEntry` gave; emits timesheet.updated (R64). */
export async function writeEntry(tx: Tx, timesheetId: number, values: Partial<EntryRow>): Promise<void> {
  const [row] = await tx.update(timesheets).set(values).where(eq(timesheets.id, timesheetId)).returning();
  if (row) await emitEvent(tx, 'timesheet.updated', timesheetEventData(row));
}

/** Deletes a locked entry; emits timesheet.deleted with what it was (R64). */
export async function removeEntry(tx: Tx, timesheetId: number): Promise<void> {
  const [row] = await tx.delete(timesheets).where(eq(timesheets.id, timesheetId)).returning();
  if (row) await emitEvent(tx, 'timesheet.deleted', timesheetEventData(row));
}

/** Locks and lists the entries that follow their ticket's line (billable, not pinned), by id. */
export async function lockFollowingEntries(tx: Tx, ticketId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(tx, sql`SELECT id FROM timesheets WHERE ticket_id = ${ticketId} AND billable AND NOT pinned ORDER BY id FOR UPDATE`);
  return rows.map((r) => r.id);
}

/** Unlinks every entry of these lines (their order is cancelled): unpinned, waiting for another line. */
export async function unlinkEntriesOfLines(tx: Tx, lineIds: number[]): Promise<void> {
  if (lineIds.length === 0) return;
  await tx.execute(sql`UPDATE timesheets SET sale_order_line_id = NULL, pinned = false, updated_at = now() WHERE sale_order_line_id = ANY(${pgArray(lineIds)}::bigint[])`);
}

/**
 * R21, R76, R77: points these entries, those that follow their ticket (billable, not pinned), at
 * their ticket's line as the order routes it for their agent and work type; answers the ids moved.
 * The caller has locked them and left out the invoiced ones.
 */
export async function followTicketLine(tx: Tx, timesheetIds: number[]): Promise<number[]> {
  if (timesheetIds.length === 0) return [];
  const rows = await queryRows<{ id: number }>(tx, sql`
    UPDATE timesheets t SET sale_order_line_id = r.line, updated_at = now()
      FROM (SELECT e.id, sale_line_route(k.sale_order_line_id, e.user_id, e.work_type_id) AS line
              FROM timesheets e JOIN tickets k ON k.id = e.ticket_id
             WHERE e.id = ANY(${pgArray(timesheetIds)}::bigint[]) AND e.billable AND NOT e.pinned) r
     WHERE t.id = r.id AND t.sale_order_line_id IS DISTINCT FROM r.line
    RETURNING t.id`);
  return rows.map((r) => r.id);
}

/**
 * R78, before a line's increments change: locks the line's entries that `toInvoice` (the bridge's
 * R13 condition on `t`: no invoice claims them) selects. The caller locks the line first (sales'
 * lockLineAgainstNewEntries); a relink racing it may deadlock, which the transaction retries.
 */
export async function lockEntriesToRebill(tx: Tx, lineId: number, toInvoice: SQL): Promise<void> {
  await tx.execute(sql`SELECT t.id FROM timesheets t WHERE t.sale_order_line_id = ${lineId} AND ${toInvoice} ORDER BY t.id FOR UPDATE OF t`);
}

/**
 * R78, after a line's increments changed: recomputes the billed minutes of its entries that
 * `toInvoice` selects, with the database's formula (billed_entry_minutes, migration 0022). Each
 * changed entry gets an audit row from its trigger. Returns how many changed.
 */
export async function rebillEntries(tx: Tx, lineId: number, increments: BillingIncrements, toInvoice: SQL): Promise<number> {
  const billed = sql`billed_entry_minutes(t.minutes, ${increments.stepMinutes}::int, ${increments.minimumMinutes}::int, t.billed_multiplier)`;
  const rows = await queryRows<{ id: number }>(tx, sql`
    UPDATE timesheets t SET billed_minutes = ${billed}
     WHERE t.sale_order_line_id = ${lineId} AND ${toInvoice} AND t.billed_minutes <> ${billed}
    RETURNING t.id`);
  return rows.length;
}
