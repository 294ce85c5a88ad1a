// The bridge's view of time: entries of the timesheets module, with the billing facts of
// invoicing (claims, R13, R15) and the sales order items of sales (R20, R21).
import { sql, type SQL } from 'drizzle-orm';
import type { TimesheetStatus } from '../../core/billing-status.ts';
import { inTransaction, type Db, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { visibleTicketCustomer } from '../helpdesk/index.ts';
import { claimingInvoice, claimsOf, refreshDraftEntryDescription } from '../invoicing/index.ts';
import { customerAndContactIds } from '../partners/index.ts';
import {
  BILLING_FIELDS, changedEntry, entryConditions, findEntry, listEntries, lockEntry, followTicketLine, lockFollowingEntries, logTimeEntry, removeEntry,
  timesheetStatusIsSql, toTimesheetRead, writeEntry, type EntryFilters, type TimesheetInput, type TimesheetRead,
} from '../timesheets/index.ts';
import { assertSaleLineAllowed } from './sale-line-rules.ts';

/** Logs time on a ticket (R11, R12, R14); an explicit line pins the entry and must be allowed (R20). */
export async function logTime(db: Db, ticketId: number, actor: AuthContext, input: TimesheetInput): Promise<TimesheetRead> {
  if (input.saleOrderLineId && input.billable !== false) {
    await assertSaleLineAllowed(db, await visibleTicketCustomer(db, ticketId, actor), Number(input.saleOrderLineId), 'saleOrderLineId');
  }
  return logTimeEntry(db, ticketId, actor, input);
}

/**
 * Changes an entry. R14: not on a closed ticket. R15: once invoiced only the description may
 * change. R12: `saleOrderLineId` pins the entry (R20 applies), `null` unpins it, `billable: false` unlinks it.
 */
export async function updateTimesheet(db: Db, timesheetId: number, patch: Partial<TimesheetInput>, actor: AuthContext): Promise<TimesheetRead> {
  await inTransaction(db, async (tx) => {
    const locked = await lockEntry(tx, timesheetId, actor);
    const invoice = await claimingInvoice(tx, timesheetId);
    if (invoice && BILLING_FIELDS.some((k) => patch[k] !== undefined)) {
      throw new AppError('TIMESHEET_INVOICED', `This time is on ${invoice}; credit it to change it (only the description can change)`);
    }
    const values = await changedEntry(tx, locked, patch, actor);
    if (patch.saleOrderLineId) await assertSaleLineAllowed(tx, locked.ticket.customerId, Number(patch.saleOrderLineId), 'saleOrderLineId');
    await writeEntry(tx, timesheetId, values);
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
    await removeEntry(tx, timesheetId);
  });
}

/**
 * R21: moves every billable, unpinned, not invoiced entry of a ticket to its new line (or unlinks
 * them), the ticket's new line already written; R76/R77: each goes where the new line's order
 * routes its agent and work type. The entries are locked first, so a concurrent invoice run either
 * claimed them before (they stay) or waits and sees them on the new line.
 */
export async function relinkTicketEntries(tx: Tx, ticketId: number): Promise<void> {
  await followUnclaimed(tx, await lockFollowingEntries(tx, ticketId));
}

/** Moves the locked entries that no invoice claims to their ticket's routed line (R21, R76, R77); answers the ids moved. */
export async function followUnclaimed(tx: Tx, locked: number[]): Promise<number[]> {
  const claimed = await claimsOf(tx, locked);
  return followTicketLine(tx, locked.filter((id) => !claimed.has(id)));
}

/** Reads one entry with its status (R13) and the invoice that bills it; 404 outside the caller's teams. */
export async function getTimesheet(db: Executor, timesheetId: number, actor: AuthContext): Promise<TimesheetRead> {
  const row = await findEntry(db, timesheetId, actor);
  if (!row) throw notFound('Timesheet');
  return toTimesheetRead(row, (await claimsOf(db, [row.id])).get(row.id) ?? null);
}

export interface TimesheetFilters extends EntryFilters {
  customerId?: string | undefined;
  saleOrderId?: string | undefined;
  invoiceId?: string | undefined;
  status?: TimesheetStatus | undefined;
}

/** R13 in SQL: the entry a query calls `alias` has this status, its claim read from invoicing's claims (R41). */
export function entryStatusIs(status: TimesheetStatus, alias: 't' | 'e'): SQL {
  const entry = sql.raw(alias);
  return timesheetStatusIsSql(status, {
    billable: sql`${entry}.billable`,
    saleOrderLineId: sql`${entry}.sale_order_line_id`,
    claimed: sql`EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = ${entry}.id)`,
  });
}

/**
 * The time still to invoice as the helpdesk dashboard counts it (decision 0012): R13's `to_invoice`
 * on a line billed on timesheets (time on a prepaid line is paid with its pack, never claimed).
 */
export function entryToBill(alias: 't' | 'e'): SQL {
  const entry = sql.raw(alias);
  return sql`(${entryStatusIs('to_invoice', alias)} AND EXISTS (SELECT 1 FROM sale_order_lines bl WHERE bl.id = ${entry}.sale_order_line_id AND bl.invoicing_policy = 'timesheets'))`;
}

/**
 * The entries the caller sees that match the timesheet list's filters, as conditions on the entry
 * `t` and its ticket `k`: the list and its CSV export both read through this, so they never
 * disagree. `customerId` matches the ticket's customer and its contacts, as the ticket list does.
 */
export function timesheetConditions(f: TimesheetFilters, actor: AuthContext): SQL[] {
  const conditions = entryConditions(f, actor);
  if (f.customerId) conditions.push(sql`k.customer_id IN (${customerAndContactIds(Number(f.customerId))})`);
  if (f.saleOrderId) conditions.push(sql`t.sale_order_line_id IN (SELECT id FROM sale_order_lines WHERE order_id = ${Number(f.saleOrderId)})`);
  if (f.invoiceId) conditions.push(sql`t.id IN (SELECT e.timesheet_id FROM invoice_line_entries e JOIN invoice_lines x ON x.id = e.invoice_line_id WHERE x.invoice_id = ${Number(f.invoiceId)})`);
  if (f.status) conditions.push(entryStatusIs(f.status, 't'));
  return conditions;
}

/** Lists the entries the caller sees (those of tickets they see), newest date first, with filters. */
export async function listTimesheets(db: Executor, f: TimesheetFilters & { limit: number; cursor?: string | undefined }, actor: AuthContext) {
  const page = await listEntries(db, f, timesheetConditions(f, actor));
  const claims = await claimsOf(db, page.items.map((r) => r.id));
  return { items: page.items.map((r) => toTimesheetRead(r, claims.get(r.id) ?? null)), nextCursor: page.nextCursor };
}

/**
 * The entries of one ticket the caller sees, with the filters of `listTimesheets`; 404 for a ticket
 * they do not see (checked without reading the ticket's totals, which cost one row per entry: issue 9).
 */
export async function listTicketTimesheets(db: Executor, ticketId: number, f: Omit<TimesheetFilters, 'ticketId'> & { limit: number; cursor?: string | undefined }, actor: AuthContext) {
  await visibleTicketCustomer(db, ticketId, actor);
  return listTimesheets(db, { ...f, ticketId: String(ticketId) }, actor);
}
