import { and, eq, sql } from 'drizzle-orm';
import { pgArray, queryRows, type Executor, type Tx } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { assertActiveStaff } from '../accounts/index.ts';
import { commercialEntityOf, findCustomerRow } from '../partners/index.ts';
import { emitEvent } from '../webhooks/index.ts';
import { tickets } from './tables.ts';
import { findStage, findTeamRow, firstStage } from './teams.ts';
import { teamVisible, ticketTeamVisible } from './visibility.ts';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface TicketInput {
  teamId: string;
  subject: string;
  description?: string | undefined;
  customerId?: string | null | undefined;
  assigneeId?: string | null | undefined;
  priority?: Priority | undefined;
  stageId?: string | undefined;
  saleOrderLineId?: string | null | undefined;
}

/** A ticket's row as checked for a write: its stage's `closed` and its customer's commercial entity resolved. */
export interface TicketValues {
  teamId: number;
  stageId: number;
  closed: boolean;
  subject: string;
  description: string;
  customerId: number | null;
  /** Commercial entity of the customer (R22), null without a customer. */
  customerEntity: number | null;
  assigneeId: number | null;
  priority: Priority;
  saleOrderLineId: number | null;
}

export type TicketRow = typeof tickets.$inferSelect;

const idOrNull = (value: string | null | undefined): number | null => (value ? Number(value) : null);

async function checkCustomer(tx: Executor, customerId: number | null) {
  if (customerId === null) return null;
  const customer = await findCustomerRow(tx, customerId);
  if (!customer) throw invalid('customerId', 'No such customer');
  return customer;
}

async function checkTeam(tx: Executor, teamId: number, actor: AuthContext): Promise<void> {
  const team = await findTeamRow(tx, teamId);
  if (!team || !(await teamVisible(tx, actor, team.id))) throw invalid('teamId', 'No such team');
}

/** Checks a new ticket's team (one the caller sees), stage (first unless given), customer and assignee. */
export async function newTicketValues(tx: Tx, input: TicketInput, actor: AuthContext): Promise<TicketValues> {
  const teamId = Number(input.teamId);
  await checkTeam(tx, teamId, actor);
  const stage = input.stageId ? await findStage(tx, teamId, Number(input.stageId)) : await firstStage(tx, teamId);
  if (!stage) throw invalid('stageId', 'Not a stage of this team');
  const customer = await checkCustomer(tx, idOrNull(input.customerId));
  const assigneeId = idOrNull(input.assigneeId);
  if (assigneeId !== null) await assertActiveStaff(tx, assigneeId, 'assigneeId');
  return {
    teamId, stageId: stage.id, closed: stage.closed, subject: input.subject, description: input.description ?? '',
    customerId: customer?.id ?? null, customerEntity: customer ? commercialEntityOf(customer) : null,
    assigneeId, priority: input.priority ?? 'normal', saleOrderLineId: idOrNull(input.saleOrderLineId),
  };
}

const idText = (id: number | null) => (id === null ? null : String(id));

/** Inserts a ticket whose values `newTicketValues` checked and emits ticket.created (R64); returns its id. */
export async function insertTicket(tx: Tx, values: TicketValues): Promise<number> {
  const { closed: _closed, customerEntity: _entity, ...row } = values;
  const [inserted] = await tx.insert(tickets).values(row).returning();
  const t = inserted!;
  await emitEvent(tx, 'ticket.created', {
    id: String(t.id), number: t.number, subject: t.subject, teamId: String(t.teamId), stageId: String(t.stageId),
    customerId: idText(t.customerId), assigneeId: idText(t.assigneeId), priority: t.priority, saleOrderLineId: idText(t.saleOrderLineId),
  });
  return t.id;
}

/**
 * The stage named `stageName` in the team of a ticket the caller sees (the first by sequence if
 * the team has two of that name): bulk moves "to In progress" across teams. 404 for a ticket not
 * seen, 400 when its team has no stage of that name.
 */
export async function stageNamedInTicketTeam(tx: Tx, ticketId: number, stageName: string, actor: AuthContext): Promise<string> {
  const [row] = await queryRows<{ stage_id: number | null }>(tx, sql`
    SELECT (SELECT s.id FROM stages s WHERE s.team_id = t.team_id AND s.name = ${stageName} ORDER BY s.sequence, s.id LIMIT 1) AS stage_id
      FROM tickets t WHERE t.id = ${ticketId} AND ${ticketTeamVisible(actor, sql`t.team_id`)}`);
  if (!row) throw notFound('Ticket');
  if (row.stage_id === null) throw invalid('change.stageName', `The ticket's team has no stage named ${stageName}`);
  return String(row.stage_id);
}

/**
 * Locks a ticket the caller sees (404 otherwise) and checks a change: team, stage (a stage of the
 * new team, or its first when the old one does not belong to it), customer and assignee. The line
 * is the patch's, or the current one; the bridge decides what R20–R22 make of it.
 */
export async function changedTicketValues(tx: Tx, ticketId: number, patch: Partial<TicketInput>, actor: AuthContext): Promise<{ current: TicketRow; currentEntity: number | null; next: TicketValues }> {
  const [row] = await tx.select().from(tickets).where(and(eq(tickets.id, ticketId), ticketTeamVisible(actor, sql`${tickets.teamId}`))).for('update');
  if (!row) throw notFound('Ticket');
  const teamId = patch.teamId ? Number(patch.teamId) : row.teamId;
  if (teamId !== row.teamId) await checkTeam(tx, teamId, actor);
  let stage = await findStage(tx, teamId, patch.stageId ? Number(patch.stageId) : row.stageId);
  if (!stage) {
    if (patch.stageId) throw invalid('stageId', 'Not a stage of this team');
    stage = await firstStage(tx, teamId);
  }
  const before = row.customerId === null ? null : await findCustomerRow(tx, row.customerId);
  const customer = patch.customerId !== undefined ? await checkCustomer(tx, idOrNull(patch.customerId)) : before;
  const assigneeId = patch.assigneeId === undefined ? row.assigneeId : idOrNull(patch.assigneeId);
  if (patch.assigneeId) await assertActiveStaff(tx, Number(patch.assigneeId), 'assigneeId');
  const next: TicketValues = {
    teamId, stageId: stage.id, closed: stage.closed, subject: patch.subject ?? row.subject, description: patch.description ?? row.description,
    customerId: customer?.id ?? null, customerEntity: customer ? commercialEntityOf(customer) : null, assigneeId,
    priority: patch.priority ?? row.priority, saleOrderLineId: patch.saleOrderLineId !== undefined ? idOrNull(patch.saleOrderLineId) : row.saleOrderLineId,
  };
  return { current: row, currentEntity: before ? commercialEntityOf(before) : null, next };
}

/** Writes a ticket's checked values over its `current` row; a new stage emits ticket.stage_changed (R64). */
export async function writeTicket(tx: Tx, current: TicketRow, values: TicketValues): Promise<void> {
  const { closed, customerEntity: _entity, ...row } = values;
  await tx.update(tickets).set({ ...row, updatedAt: new Date() }).where(eq(tickets.id, current.id));
  if (values.stageId !== current.stageId) {
    await emitEvent(tx, 'ticket.stage_changed', {
      id: String(current.id), number: current.number, teamId: String(values.teamId),
      previousStageId: String(current.stageId), stageId: String(values.stageId), closed,
    });
  }
}

/** Locks the open tickets (not in a closed stage) of a customer that point at a sales order item. */
export async function lockOpenLinkedTickets(tx: Tx, customerId: number): Promise<Array<{ id: number; saleOrderLineId: number }>> {
  const rows = await queryRows<{ id: number; sale_order_line_id: number }>(tx, sql`
    SELECT t.id, t.sale_order_line_id FROM tickets t JOIN stages s ON s.id = t.stage_id
     WHERE t.customer_id = ${customerId} AND t.sale_order_line_id IS NOT NULL AND NOT s.closed
     ORDER BY t.id FOR UPDATE OF t`);
  return rows.map((r) => ({ id: r.id, saleOrderLineId: r.sale_order_line_id }));
}

/** Takes a ticket off its sales order item. */
export async function clearTicketLine(tx: Tx, ticketId: number): Promise<void> {
  await tx.update(tickets).set({ saleOrderLineId: null, updatedAt: new Date() }).where(eq(tickets.id, ticketId));
}

/** Takes every ticket off these sales order items (their order is cancelled). */
export async function clearLinesFromTickets(tx: Tx, lineIds: number[]): Promise<void> {
  if (lineIds.length === 0) return;
  await tx.execute(sql`UPDATE tickets SET sale_order_line_id = NULL, updated_at = now() WHERE sale_order_line_id = ANY(${pgArray(lineIds)}::bigint[])`);
}

/** What logging time on a ticket depends on (R11, R12, R14). */
export interface TicketForTime {
  id: number;
  customerId: number | null;
  saleOrderLineId: number | null;
  closed: boolean;
  timesheetsEnabled: boolean;
  billingEnabled: boolean;
  projectId: number | null;
}

/**
 * Share-locks a ticket and reads what time on it depends on, or null. Lock first, then read in a
 * new statement: under READ COMMITTED the read then sees a stage changed by the transaction we
 * waited for (a join locked in one statement would miss the row).
 */
export async function lockTicketForTime(tx: Tx, ticketId: number): Promise<TicketForTime | null> {
  await tx.execute(sql`SELECT id FROM tickets WHERE id = ${ticketId} FOR SHARE`);
  const [row] = await queryRows<{ id: number; customer_id: number | null; sale_order_line_id: number | null; closed: boolean; timesheets_enabled: boolean; billing_enabled: boolean; project_id: number | null }>(tx, sql`
    SELECT t.id, t.customer_id, t.sale_order_line_id, s.closed, m.timesheets_enabled, m.billing_enabled, m.project_id
      FROM tickets t JOIN stages s ON s.id = t.stage_id JOIN teams m ON m.id = t.team_id
     WHERE t.id = ${ticketId}`);
  if (!row) return null;
  return {
    id: row.id, customerId: row.customer_id, saleOrderLineId: row.sale_order_line_id, closed: row.closed,
    timesheetsEnabled: row.timesheets_enabled, billingEnabled: row.billing_enabled, projectId: row.project_id,
  };
}

/** The customer of a ticket the caller sees; 404 otherwise. */
export async function visibleTicketCustomer(db: Executor, ticketId: number, actor: AuthContext): Promise<number | null> {
  const [row] = await db.select({ customerId: tickets.customerId }).from(tickets).where(and(eq(tickets.id, ticketId), ticketTeamVisible(actor, sql`${tickets.teamId}`)));
  if (!row) throw notFound('Ticket');
  return row.customerId;
}

/**
 * R67: the step of the log-time statement (timesheets/log-time.ts) that moves its ticket (`ctx`)
 * from the team's first stage to the team's `stage_on_time_logged` once an entry was inserted
 * (`ins`). Helpdesk owns the write; the statement runs it in the same round trip.
 */
export const MOVE_ON_TIME_LOGGED_SQL = `
    UPDATE tickets t SET stage_id = ctx.stage_on_time_logged, updated_at = now()
      FROM ctx
     WHERE t.id = ctx.id AND ctx.stage_on_time_logged IS NOT NULL AND ctx.stage_on_time_logged <> ctx.stage_id
       AND EXISTS (SELECT 1 FROM ins)
       AND ctx.stage_id = (SELECT f.id FROM stages f WHERE f.team_id = ctx.team_id ORDER BY f.sequence, f.id LIMIT 1)
    RETURNING t.id, t.number, t.team_id, ctx.stage_id AS previous_stage_id, t.stage_id`;
