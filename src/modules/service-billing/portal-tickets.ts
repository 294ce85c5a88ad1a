import { sql, type SQL } from 'drizzle-orm';
import { formatMultiplier } from '../../core/billed-minutes.ts';
import { inTransaction, queryRows, type Db, type Executor } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { findTeamRow, firstStage, insertTicket, type Priority } from '../helpdesk/index.ts';
import { assertVisible, entityCustomerIds, type PortalCaller } from './portal-scope.ts';
import { defaultPrepaidLine } from './sale-line-rules.ts';

/** A ticket as its customer sees it: names instead of internal ids, billable time only. */
export interface PortalTicketRead {
  id: string;
  number: number;
  subject: string;
  description: string;
  teamName: string;
  stageName: string;
  closed: boolean;
  priority: Priority;
  customerName: string;
  assigneeName: string | null;
  billableMinutes: number;
  /** R78: what the billable entries bill (their lines' increments, their multipliers); what a prepaid block's remaining counts. */
  billedMinutes: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number; number: number; subject: string; description: string; team_name: string; stage_name: string; closed: boolean;
  priority: Priority; customer_name: string; assignee_name: string | null; billable: number; billed: number; created_at: string; updated_at: string;
}

const toRead = (r: Row): PortalTicketRead => ({
  id: String(r.id), number: Number(r.number), subject: r.subject, description: r.description, teamName: r.team_name,
  stageName: r.stage_name, closed: r.closed, priority: r.priority, customerName: r.customer_name, assigneeName: r.assignee_name,
  billableMinutes: Number(r.billable), billedMinutes: Number(r.billed), createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
});

/** The tickets of the caller's commercial entity only: every portal ticket read goes through this. */
function select(caller: PortalCaller, where: SQL, tail: SQL) {
  return sql`
    SELECT t.id AS id, t.number AS number, t.subject, t.description, tm.name AS team_name, s.name AS stage_name, s.closed,
           t.priority, c.name AS customer_name, u.name AS assignee_name, coalesce(m.billable, 0) AS billable, coalesce(m.billed, 0) AS billed,
           t.created_at::text AS created_at, t.updated_at::text AS updated_at
      FROM tickets t
      JOIN stages s ON s.id = t.stage_id
      JOIN teams tm ON tm.id = t.team_id
      JOIN customers c ON c.id = t.customer_id
      LEFT JOIN users u ON u.id = t.assignee_id
      LEFT JOIN LATERAL (SELECT sum(minutes) AS billable, sum(billed_minutes) AS billed FROM timesheets WHERE ticket_id = t.id AND billable) m ON true
     WHERE t.customer_id IN (${entityCustomerIds(caller)}) AND ${where} ${tail}`;
}

/** One ticket of the caller's commercial entity; 404 for any other, as for one that does not exist. */
export async function getPortalTicket(db: Executor, caller: PortalCaller, ticketId: number): Promise<PortalTicketRead> {
  const [row] = await queryRows<Row>(db, select(caller, sql`t.id = ${ticketId}`, sql``));
  if (!row) throw notFound('Ticket');
  return toRead(row);
}

/** Answers 404 unless the ticket belongs to the caller's commercial entity. */
export async function assertPortalTicket(db: Executor, caller: PortalCaller, ticketId: number): Promise<void> {
  await assertVisible(db, sql`SELECT 1 AS one FROM tickets t WHERE t.id = ${ticketId} AND t.customer_id IN (${entityCustomerIds(caller)})`, 'Ticket');
}

/** The tickets of the caller's commercial entity (every contact's), newest first; optionally open or closed only. */
export async function listPortalTickets(db: Executor, caller: PortalCaller, query: { limit: number; cursor?: string | undefined; closed?: boolean | undefined }) {
  const after = decodeCursor(query.cursor, 1);
  const where: SQL[] = [sql`true`];
  if (query.closed !== undefined) where.push(sql`s.closed = ${query.closed}`);
  if (after) where.push(sql`t.id < ${after[0]}`);
  const rows = await queryRows<Row>(db, select(caller, sql.join(where, sql` AND `), sql`ORDER BY t.id DESC LIMIT ${query.limit + 1}`));
  return toPage(rows, query.limit, (r) => [r.id], toRead);
}

/**
 * Opens a ticket from the portal: the caller's customer, the team's first stage, priority normal,
 * no assignee, and the customer's oldest prepaid block with time left as sales order item (R73;
 * else none: staff choose).
 */
export async function openPortalTicket(db: Db, caller: PortalCaller, input: { teamId: string; subject: string; description?: string | undefined }): Promise<PortalTicketRead> {
  const id = await inTransaction(db, async (tx) => {
    const team = await findTeamRow(tx, Number(input.teamId));
    if (!team) throw invalid('teamId', 'No such team');
    const stage = await firstStage(tx, team.id);
    return insertTicket(tx, {
      teamId: team.id, stageId: stage.id, closed: stage.closed, subject: input.subject, description: input.description ?? '',
      customerId: caller.customerId, customerEntity: null, assigneeId: null, priority: 'normal', saleOrderLineId: await defaultPrepaidLine(tx, caller.customerId),
    });
  });
  return getPortalTicket(db, caller, id);
}

/** An entry as the customer sees it: when, how long, what was done, and the time it bills (R78). */
export interface PortalTimesheetRead {
  id: string;
  date: string;
  minutes: number;
  billedMinutes: number;
  billedMultiplier: string;
  description: string;
}

/**
 * The billable time logged on a ticket of the caller's commercial entity, newest first: never a
 * non-billable entry, an agent, a cost or a price (decision 0015).
 */
export async function listPortalTimesheets(db: Executor, caller: PortalCaller, ticketId: number, query: { limit: number; cursor?: string | undefined }) {
  await assertPortalTicket(db, caller, ticketId);
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryRows<{ id: number; date: string; minutes: number; billed_minutes: number; billed_multiplier: string; description: string }>(db, sql`
    SELECT e.id AS id, e.date::text AS date, e.minutes, e.billed_minutes, e.billed_multiplier::text AS billed_multiplier, e.description FROM timesheets e
     WHERE e.ticket_id = ${ticketId} AND e.billable ${after ? sql`AND (e.date, e.id) < (${after[0]}::date, ${after[1]})` : sql``}
     ORDER BY e.date DESC, e.id DESC LIMIT ${query.limit + 1}`);
  return toPage(rows, query.limit, (r) => [r.date, r.id], (r): PortalTimesheetRead => ({
    id: String(r.id), date: r.date, minutes: Number(r.minutes), billedMinutes: Number(r.billed_minutes), billedMultiplier: formatMultiplier(r.billed_multiplier), description: r.description,
  }));
}
