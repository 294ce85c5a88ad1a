import { sql, type SQL } from 'drizzle-orm';
import { timesheetStatus, type TimesheetStatus } from '../../core/billing-status.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { getTicket } from './ticket-read.ts';

export interface TimesheetRead {
  id: string;
  ticketId: string;
  ticketNumber: number;
  projectId: string;
  userId: string;
  userName: string;
  date: string;
  minutes: number;
  description: string;
  billable: boolean;
  saleOrderLineId: string | null;
  pinned: boolean;
  status: TimesheetStatus;
  invoiceId: string | null;
  invoiceNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number; ticket_id: number; ticket_number: number; project_id: number; user_id: number; user_name: string; date: string;
  minutes: number; description: string; billable: boolean; sale_order_line_id: number | null; pinned: boolean;
  invoice_id: number | null; invoice_number: string | null; created_at: string; updated_at: string;
}

function toRead(r: Row): TimesheetRead {
  const line = r.sale_order_line_id == null ? null : String(r.sale_order_line_id);
  return {
    id: String(r.id), ticketId: String(r.ticket_id), ticketNumber: Number(r.ticket_number), projectId: String(r.project_id),
    userId: String(r.user_id), userName: r.user_name, date: r.date, minutes: r.minutes, description: r.description,
    billable: r.billable, saleOrderLineId: line, pinned: r.pinned,
    status: timesheetStatus({ billable: r.billable, saleOrderLineId: line, claimed: r.invoice_id != null }),
    invoiceId: r.invoice_id == null ? null : String(r.invoice_id), invoiceNumber: r.invoice_number,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function select(where: SQL, tail: SQL) {
  return sql`
    SELECT t.id::int AS id, t.ticket_id::int AS ticket_id, k.number::int AS ticket_number, t.project_id::int AS project_id,
           t.user_id::int AS user_id, u.name AS user_name, t.date::text AS date, t.minutes, t.description, t.billable,
           t.sale_order_line_id::int AS sale_order_line_id, t.pinned, il.invoice_id::int AS invoice_id, i.number AS invoice_number,
           t.created_at::text AS created_at, t.updated_at::text AS updated_at
      FROM timesheets t
      JOIN tickets k ON k.id = t.ticket_id
      JOIN users u ON u.id = t.user_id
      LEFT JOIN timesheet_claims c ON c.timesheet_id = t.id
      LEFT JOIN invoice_lines il ON il.id = c.invoice_line_id
      LEFT JOIN invoices i ON i.id = il.invoice_id
     WHERE ${where} ${tail}`;
}

/** Reads one entry with its status (R13) and the invoice that bills it; 404 outside the caller's teams. */
export async function getTimesheet(db: Executor, timesheetId: number, actor: AuthContext): Promise<TimesheetRead> {
  const [row] = await queryRows<Row>(db, select(sql`t.id = ${timesheetId} AND ${ticketTeamVisible(actor, sql`k.team_id`)}`, sql``));
  if (!row) throw notFound('Timesheet');
  return toRead(row);
}

export interface TimesheetFilters {
  limit: number;
  cursor?: string | undefined;
  ticketId?: string | undefined;
  userId?: string | undefined;
  saleOrderId?: string | undefined;
  saleOrderLineId?: string | undefined;
  invoiceId?: string | undefined;
  status?: TimesheetStatus | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
}

const STATUS_SQL: Record<TimesheetStatus, SQL> = {
  non_billable: sql`NOT t.billable`,
  unlinked: sql`t.billable AND t.sale_order_line_id IS NULL`,
  to_invoice: sql`t.billable AND t.sale_order_line_id IS NOT NULL AND c.timesheet_id IS NULL`,
  invoiced: sql`c.timesheet_id IS NOT NULL`,
};

/** Lists the entries the caller sees (those of tickets they see), newest date first, with filters. */
export async function listTimesheets(db: Executor, f: TimesheetFilters, actor: AuthContext) {
  const after = decodeCursor(f.cursor, 2);
  const conditions: SQL[] = [ticketTeamVisible(actor, sql`k.team_id`)];
  if (f.ticketId) conditions.push(sql`t.ticket_id = ${Number(f.ticketId)}`);
  if (f.userId) conditions.push(sql`t.user_id = ${Number(f.userId)}`);
  if (f.saleOrderLineId) conditions.push(sql`t.sale_order_line_id = ${Number(f.saleOrderLineId)}`);
  if (f.saleOrderId) conditions.push(sql`t.sale_order_line_id IN (SELECT id FROM sale_order_lines WHERE order_id = ${Number(f.saleOrderId)})`);
  if (f.invoiceId) conditions.push(sql`t.id IN (SELECT e.timesheet_id FROM invoice_line_entries e JOIN invoice_lines x ON x.id = e.invoice_line_id WHERE x.invoice_id = ${Number(f.invoiceId)})`);
  if (f.status) conditions.push(STATUS_SQL[f.status]);
  if (f.dateFrom) conditions.push(sql`t.date >= ${f.dateFrom}`);
  if (f.dateTo) conditions.push(sql`t.date <= ${f.dateTo}`);
  if (after) conditions.push(sql`(t.date, t.id) < (${after[0]}::date, ${after[1]})`);
  const rows = await queryRows<Row>(db, select(sql.join(conditions, sql` AND `), sql`ORDER BY t.date DESC, t.id DESC LIMIT ${f.limit + 1}`));
  return toPage(rows, f.limit, (r) => [r.date, r.id], toRead);
}

/** The entries of one ticket the caller sees, with the filters of `listTimesheets`; 404 for a ticket they do not see. */
export async function listTicketTimesheets(db: Executor, ticketId: number, f: Omit<TimesheetFilters, 'ticketId'>, actor: AuthContext) {
  await getTicket(db, ticketId, actor);
  return listTimesheets(db, { ...f, ticketId: String(ticketId) }, actor);
}
