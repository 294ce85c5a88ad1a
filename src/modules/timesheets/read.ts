import { sql, type SQL } from 'drizzle-orm';
import { formatMultiplier } from '../../core/billed-minutes.ts';
import { timesheetStatus, type TimesheetStatus } from '../../core/billing-status.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { invalid } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';

export interface TimesheetRead {
  id: string;
  ticketId: string;
  ticketNumber: number;
  projectId: string;
  userId: string;
  userName: string;
  date: string;
  minutes: number;
  /** R78: what the entry bills, in minutes (its line's increments and its multiplier applied). */
  billedMinutes: number;
  billedMultiplier: string;
  description: string;
  billable: boolean;
  saleOrderLineId: string | null;
  pinned: boolean;
  /** R77: the entry's work type and its name, or null. */
  workTypeId: string | null;
  workTypeName: string | null;
  status: TimesheetStatus;
  invoiceId: string | null;
  invoiceNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An entry as this module stores it, with its ticket's number and its agent's name. */
export interface EntryRow {
  id: number; ticket_id: number; ticket_number: number; project_id: number; user_id: number; user_name: string; date: string;
  minutes: number; billed_minutes: number; billed_multiplier: string; description: string; billable: boolean; sale_order_line_id: number | null; pinned: boolean;
  work_type_id: number | null; work_type_name: string | null; created_at: string; updated_at: string;
}

/** The invoice whose line claims an entry (R41), as the bridge reports it. */
export interface EntryClaim {
  invoiceId: number;
  invoiceNumber: string | null;
}

/** The read shape of an entry, its status (R13) following from the claim that holds it, if any. */
export function toTimesheetRead(r: EntryRow, claim: EntryClaim | null): TimesheetRead {
  const line = r.sale_order_line_id == null ? null : String(r.sale_order_line_id);
  return {
    id: String(r.id), ticketId: String(r.ticket_id), ticketNumber: r.ticket_number, projectId: String(r.project_id),
    userId: String(r.user_id), userName: r.user_name, date: r.date, minutes: r.minutes,
    billedMinutes: r.billed_minutes, billedMultiplier: formatMultiplier(r.billed_multiplier), description: r.description,
    billable: r.billable, saleOrderLineId: line, pinned: r.pinned,
    workTypeId: r.work_type_id == null ? null : String(r.work_type_id), workTypeName: r.work_type_name ?? null,
    status: timesheetStatus({ billable: r.billable, saleOrderLineId: line, claimed: claim !== null }),
    invoiceId: claim ? String(claim.invoiceId) : null, invoiceNumber: claim?.invoiceNumber ?? null,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * The columns of an `EntryRow` and the tables they come from: the entry `t`, its ticket `k`, its
 * agent `u`, its work type `w`. The bridge's export reads the same rows with more joined columns.
 */
export const ENTRY_COLUMNS = sql`t.id, t.ticket_id, k.number AS ticket_number, t.project_id, t.user_id, u.name AS user_name, t.date::text AS date,
           t.minutes, t.billed_minutes, t.billed_multiplier::text AS billed_multiplier, t.description, t.billable, t.sale_order_line_id, t.pinned, t.work_type_id, w.name AS work_type_name,
           t.created_at::text AS created_at, t.updated_at::text AS updated_at`;
export const ENTRY_TABLES = sql`timesheets t
      JOIN tickets k ON k.id = t.ticket_id
      JOIN users u ON u.id = t.user_id
      LEFT JOIN work_types w ON w.id = t.work_type_id`;

function select(where: SQL, tail: SQL) {
  return sql`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_TABLES} WHERE ${where} ${tail}`;
}

/** One entry of a ticket the caller sees, or null. */
export async function findEntry(db: Executor, timesheetId: number, actor: AuthContext): Promise<EntryRow | null> {
  const [row] = await queryRows<EntryRow>(db, select(sql`t.id = ${timesheetId} AND ${ticketTeamVisible(actor, sql`k.team_id`)}`, sql``));
  return row ?? null;
}

export interface EntryFilters {
  ticketId?: string | undefined;
  teamId?: string | undefined;
  userId?: string | undefined;
  saleOrderLineId?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
}

/**
 * The conditions of the entries the caller sees (those of tickets they see) that match these
 * filters, on the entry `t` and its ticket `k` of `listEntries`' query: the one definition the
 * list and the CSV export share. A period that ends before it starts is a 400.
 */
export function entryConditions(f: EntryFilters, actor: AuthContext): SQL[] {
  if (f.dateFrom && f.dateTo && f.dateFrom > f.dateTo) throw invalid('dateTo', 'The period ends before it starts');
  const conditions: SQL[] = [ticketTeamVisible(actor, sql`k.team_id`)];
  if (f.ticketId) conditions.push(sql`t.ticket_id = ${Number(f.ticketId)}`);
  if (f.teamId) conditions.push(sql`k.team_id = ${Number(f.teamId)}`);
  if (f.userId) conditions.push(sql`t.user_id = ${Number(f.userId)}`);
  if (f.saleOrderLineId) conditions.push(sql`t.sale_order_line_id = ${Number(f.saleOrderLineId)}`);
  if (f.dateFrom) conditions.push(sql`t.date >= ${f.dateFrom}`);
  if (f.dateTo) conditions.push(sql`t.date <= ${f.dateTo}`);
  return conditions;
}

/** The keyset order of entry lists and exports, newest date first. */
export const ENTRY_ORDER = sql`ORDER BY t.date DESC, t.id DESC`;

/**
 * The entries after (date, id) in `ENTRY_ORDER`: `(t.date, t.id) < (date, id)`, written so that
 * the planner sees a range on the date. As a row comparison next to a period filter, PostgreSQL
 * multiplied the two selectivities, expected a few hundred rows and sorted the whole rest of the
 * period for every page (20 ms a page at 100,000 entries, growing with the period); as a range it
 * walks the (date, id) index backwards from the cursor (2 ms), skipping at most that day's entries.
 */
export const entriesAfter = (date: string | number, id: string | number): SQL =>
  sql`t.date <= ${date}::date AND (t.date < ${date}::date OR t.id < ${id})`;

/**
 * A page of the entries matching `conditions` (from `entryConditions`, with those other
 * capabilities answer: order, invoice, status, customer), newest date first.
 */
export async function listEntries(db: Executor, page: { limit: number; cursor?: string | undefined }, conditions: SQL[]) {
  const after = decodeCursor(page.cursor, 2);
  const all = after ? [...conditions, entriesAfter(after[0]!, after[1]!)] : conditions;
  const rows = await queryRows<EntryRow>(db, select(sql.join(all, sql` AND `), sql`${ENTRY_ORDER} LIMIT ${page.limit + 1}`));
  return toPage(rows, page.limit, (r) => [r.date, r.id], (r) => r);
}
