import { sql, type SQL } from 'drizzle-orm';
import { containing, queryRows, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { ticketTeamVisible, type Priority } from '../helpdesk/index.ts';
import { customerAndContactIds } from '../partners/index.ts';
import { deliveredMinutesSql } from '../timesheets/index.ts';
import type { InvoicingPolicy } from '../../core/billing-status.ts';
import type { Unit } from '../../core/quantity.ts';
import { remainingOfPrepaid } from './line-figures.ts';
import { saleLineOptions, type SaleLineOption } from './sale-line-rules.ts';


export interface TicketRead {
  id: string;
  number: number;
  subject: string;
  description: string;
  teamId: string;
  customerId: string | null;
  assigneeId: string | null;
  priority: Priority;
  stageId: string;
  closed: boolean;
  saleOrderLineId: string | null;
  saleOrderId: string | null;
  /** R73: on a prepaid line, what remains of the block (ordered − delivered, in `prepaidUnit`; negative when over); else null. */
  prepaidRemaining: string | null;
  prepaidUnit: 'hour' | 'day' | null;
  loggedMinutes: number;
  billableMinutes: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number; number: number; subject: string; description: string; team_id: number; customer_id: number | null;
  assignee_id: number | null; priority: Priority; stage_id: number; closed: boolean; sale_order_line_id: number | null;
  sale_order_id: number | null; logged: number; billable: number; created_at: string; updated_at: string;
  line_policy: InvoicingPolicy | null; line_unit: Unit | null; line_quantity: string | null; line_delivered: number | null; minutes_per_day: number;
}

const str = (n: number | null) => (n == null ? null : String(n));

function toRead(r: Row): TicketRead {
  return {
    id: String(r.id), number: Number(r.number), subject: r.subject, description: r.description, teamId: String(r.team_id),
    customerId: str(r.customer_id), assigneeId: str(r.assignee_id), priority: r.priority, stageId: String(r.stage_id),
    closed: r.closed, saleOrderLineId: str(r.sale_order_line_id), saleOrderId: str(r.sale_order_id),
    ...prepaidOf(r),
    loggedMinutes: Number(r.logged), billableMinutes: Number(r.billable),
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function prepaidOf(r: Row): Pick<TicketRead, 'prepaidRemaining' | 'prepaidUnit'> {
  if (r.line_policy !== 'prepaid' || r.line_unit === null || r.line_unit === 'unit' || r.line_quantity === null) return { prepaidRemaining: null, prepaidUnit: null };
  const remaining = remainingOfPrepaid({ quantity: r.line_quantity, unit: r.line_unit }, Number(r.line_delivered ?? 0), Number(r.minutes_per_day));
  return { prepaidRemaining: remaining, prepaidUnit: r.line_unit };
}

/** R73: the ticket's line's terms and, for a prepaid line only, its delivered minutes (one index read of timesheet_sums). */
const LINE_COLUMNS = sql`l.invoicing_policy AS line_policy, l.unit AS line_unit, l.quantity::text AS line_quantity,
           CASE WHEN l.invoicing_policy = 'prepaid' THEN ${deliveredMinutesSql(sql`l.id`)} END AS line_delivered,
           (SELECT minutes_per_day FROM company_settings WHERE id = 1) AS minutes_per_day`;

function select(where: SQL, tail: SQL) {
  return sql`
    SELECT t.id AS id, t.number AS number, t.subject, t.description, t.team_id AS team_id,
           t.customer_id AS customer_id, t.assignee_id AS assignee_id, t.priority, t.stage_id AS stage_id,
           s.closed, t.sale_order_line_id AS sale_order_line_id, l.order_id AS sale_order_id,
           coalesce(m.logged, 0) AS logged, coalesce(m.billable, 0) AS billable, ${LINE_COLUMNS},
           t.created_at::text AS created_at, t.updated_at::text AS updated_at
      FROM tickets t
      JOIN stages s ON s.id = t.stage_id
      LEFT JOIN sale_order_lines l ON l.id = t.sale_order_line_id
      LEFT JOIN LATERAL (SELECT sum(minutes) AS logged, sum(minutes) FILTER (WHERE billable) AS billable
                           FROM timesheets WHERE ticket_id = t.id) m ON true
     WHERE ${where} ${tail}`;
}

/**
 * Reads a ticket with its derived fields (closed, saleOrderId, logged and billable minutes), as
 * the caller sees it: a ticket outside the caller's teams answers 404 like a missing one.
 */
export async function getTicket(db: Executor, ticketId: number, actor: AuthContext): Promise<TicketRead> {
  const [row] = await queryRows<Row>(db, select(sql`t.id = ${ticketId} AND ${ticketTeamVisible(actor, sql`t.team_id`)}`, sql``));
  if (!row) throw notFound('Ticket');
  return toRead(row);
}

export interface TicketFilters {
  limit: number;
  cursor?: string | undefined;
  teamId?: string | undefined;
  stageId?: string | undefined;
  /** Tickets in a stage of this name, whatever their team (the board across teams). */
  stageName?: string | undefined;
  customerId?: string | undefined;
  assigneeId?: string | undefined;
  unassigned?: boolean | undefined;
  closed?: boolean | undefined;
  priority?: Priority | undefined;
  saleOrderId?: string | undefined;
  saleOrderLineId?: string | undefined;
  projectId?: string | undefined;
  q?: string | undefined;
  sort?: 'newest' | 'oldest' | undefined;
}

/** Lists the tickets the caller sees (newest first by default); `customerId` matches the customer and its contacts. */
export async function listTickets(db: Executor, f: TicketFilters, actor: AuthContext) {
  const after = decodeCursor(f.cursor, 1);
  const asc = f.sort === 'oldest';
  const conditions: SQL[] = [ticketTeamVisible(actor, sql`t.team_id`)];
  if (f.teamId) conditions.push(sql`t.team_id = ${Number(f.teamId)}`);
  if (f.stageId) conditions.push(sql`t.stage_id = ${Number(f.stageId)}`);
  if (f.stageName) conditions.push(sql`s.name = ${f.stageName}`);
  if (f.assigneeId) conditions.push(sql`t.assignee_id = ${Number(f.assigneeId)}`);
  if (f.unassigned) conditions.push(sql`t.assignee_id IS NULL`);
  if (f.closed !== undefined) conditions.push(sql`s.closed = ${f.closed}`);
  if (f.priority) conditions.push(sql`t.priority = ${f.priority}`);
  if (f.saleOrderId) conditions.push(sql`l.order_id = ${Number(f.saleOrderId)}`);
  if (f.saleOrderLineId) conditions.push(sql`t.sale_order_line_id = ${Number(f.saleOrderLineId)}`);
  if (f.projectId) conditions.push(sql`t.team_id IN (SELECT id FROM teams WHERE project_id = ${Number(f.projectId)})`);
  // A ticket number has at most 15 digits, like an id: a longer run of digits is text to find in subjects.
  if (f.q) conditions.push(/^#?\d{1,15}$/.test(f.q) ? sql`t.number = ${Number(f.q.replace('#', ''))}` : sql`t.subject ILIKE ${containing(f.q)}`);
  if (after) conditions.push(asc ? sql`t.id > ${after[0]}` : sql`t.id < ${after[0]}`);
  const where = sql.join(conditions, sql` AND `);
  const order = asc ? sql`ASC` : sql`DESC`;
  const limit = f.limit + 1;
  if (!f.customerId) return toPage(await queryRows<Row>(db, select(where, sql`ORDER BY t.id ${order} LIMIT ${limit}`)), f.limit, (r) => [r.id], toRead);
  // The customer and its contacts: the first page of each, walked in id order on (team_id,
  // customer_id, id) or (customer_id, id), then merged. A plain `customer_id IN (…)` made the
  // planner walk every ticket of the team newest first until it found a page: for a small customer,
  // the whole team (issue 9).
  const page = sql`
    SELECT p.id FROM (${customerAndContactIds(Number(f.customerId))}) cu
     CROSS JOIN LATERAL (SELECT t.id FROM tickets t
                           JOIN stages s ON s.id = t.stage_id
                           LEFT JOIN sale_order_lines l ON l.id = t.sale_order_line_id
                          WHERE ${where} AND t.customer_id = cu.id ORDER BY t.id ${order} LIMIT ${limit}) p
     ORDER BY p.id ${order} LIMIT ${limit}`;
  return toPage(await queryRows<Row>(db, select(sql`t.id IN (${page})`, sql`ORDER BY t.id ${order}`)), f.limit, (r) => [r.id], toRead);
}

/**
 * R20: the sales order items a ticket the caller sees may use: those of `customerId` when given
 * (the form may ask for the options of a customer it is about to set), else of the ticket's customer.
 */
export async function ticketSaleLineOptions(db: Executor, ticketId: number, customerId: string | undefined, actor: AuthContext): Promise<SaleLineOption[]> {
  const ticket = await getTicket(db, ticketId, actor);
  const customer = customerId ?? ticket.customerId;
  return saleLineOptions(db, customer ? Number(customer) : null, actor);
}
