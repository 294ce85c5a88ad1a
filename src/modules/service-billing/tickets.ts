import { and, eq, sql } from 'drizzle-orm';
import { inTransaction, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { findUser } from '../accounts/index.ts';
import type { AuthContext } from '../../platform/http.ts';
import { findStage, findTeamRow, firstStage, teamVisible, tickets, ticketTeamVisible } from '../helpdesk/index.ts';
import { commercialEntityOf, findCustomerRow, updateCustomer, type CustomerInput, type CustomerRead } from '../partners/index.ts';
import { assertSaleLineAllowed } from './sale-line-rules.ts';
import { getTicket, type Priority, type TicketRead } from './ticket-read.ts';

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

async function checkCustomer(tx: Tx, customerId: string | null | undefined) {
  if (!customerId) return null;
  const customer = await findCustomerRow(tx, Number(customerId));
  if (!customer) throw invalid('customerId', 'No such customer');
  return customer;
}

/** Refuses (400 on `field`) a user who is missing, inactive or a portal user: tickets and time belong to staff. */
export async function assertActiveStaff(tx: Tx, userId: number, field: string): Promise<void> {
  const user = await findUser(tx, userId);
  if (!user || user.role === 'customer' || !user.active) throw invalid(field, 'No such active staff user');
}

async function checkAssignee(tx: Tx, assigneeId: string | null | undefined): Promise<void> {
  if (assigneeId) await assertActiveStaff(tx, Number(assigneeId), 'assigneeId');
}

/**
 * R21: moves every billable, unpinned, not invoiced entry of the ticket to its new line (or
 * unlinks them). The entries are locked first, so a concurrent invoice run either claimed them
 * before (they stay) or waits and sees them on the new line.
 */
async function moveEntries(tx: Tx, ticketId: number, lineId: number | null): Promise<void> {
  await tx.execute(sql`SELECT id FROM timesheets WHERE ticket_id = ${ticketId} AND billable AND NOT pinned ORDER BY id FOR UPDATE`);
  await tx.execute(sql`
    UPDATE timesheets t SET sale_order_line_id = ${lineId}, updated_at = now()
     WHERE t.ticket_id = ${ticketId} AND t.billable AND NOT t.pinned
       AND t.sale_order_line_id IS DISTINCT FROM ${lineId}
       AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id)`);
}

/** Opens a ticket in a team (first stage unless given), optionally linked to a sales order item (R20). */
export async function createTicket(db: Db, input: TicketInput, actor: AuthContext): Promise<TicketRead> {
  const id = await inTransaction(db, async (tx) => {
    const team = await findTeamRow(tx, Number(input.teamId));
    if (!team || !(await teamVisible(tx, actor, team.id))) throw invalid('teamId', 'No such team');
    const stage = input.stageId ? await findStage(tx, team.id, Number(input.stageId)) : await firstStage(tx, team.id);
    if (!stage) throw invalid('stageId', 'Not a stage of this team');
    const customer = await checkCustomer(tx, input.customerId);
    await checkAssignee(tx, input.assigneeId);
    if (input.saleOrderLineId) await assertSaleLineAllowed(tx, customer?.id ?? null, Number(input.saleOrderLineId), 'saleOrderLineId');
    const [row] = await tx
      .insert(tickets)
      .values({
        teamId: team.id,
        subject: input.subject,
        description: input.description ?? '',
        customerId: customer?.id ?? null,
        assigneeId: input.assigneeId ? Number(input.assigneeId) : null,
        priority: input.priority ?? 'normal',
        stageId: stage.id,
        saleOrderLineId: input.saleOrderLineId ? Number(input.saleOrderLineId) : null,
      })
      .returning({ id: tickets.id });
    return row!.id;
  });
  return getTicket(db, id, actor);
}

/**
 * Changes a ticket. R20: a new line must be allowed for the (new) customer. R21: a changed line
 * moves the unpinned, uninvoiced billable entries. R22: a customer of another commercial entity
 * clears the line unless a valid new one comes in the same change.
 */
export async function updateTicket(db: Db, ticketId: number, patch: Partial<TicketInput>, actor: AuthContext): Promise<TicketRead> {
  await inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(tickets).where(and(eq(tickets.id, ticketId), ticketTeamVisible(actor, sql`${tickets.teamId}`))).for('update');
    if (!current) throw notFound('Ticket');
    const teamId = patch.teamId ? Number(patch.teamId) : current.teamId;
    if (teamId !== current.teamId && !((await findTeamRow(tx, teamId)) && (await teamVisible(tx, actor, teamId)))) throw invalid('teamId', 'No such team');
    let stage = await findStage(tx, teamId, patch.stageId ? Number(patch.stageId) : current.stageId);
    if (!stage) {
      if (patch.stageId) throw invalid('stageId', 'Not a stage of this team');
      stage = await firstStage(tx, teamId);
    }
    const stageId = stage.id;
    const customer = patch.customerId !== undefined ? await checkCustomer(tx, patch.customerId) : current.customerId == null ? null : await findCustomerRow(tx, current.customerId);
    await checkAssignee(tx, patch.assigneeId);
    let lineId = patch.saleOrderLineId !== undefined ? (patch.saleOrderLineId ? Number(patch.saleOrderLineId) : null) : current.saleOrderLineId;
    if (patch.customerId !== undefined && patch.saleOrderLineId === undefined) {
      const oldEntity = current.customerId == null ? null : commercialEntityOf((await findCustomerRow(tx, current.customerId))!);
      const newEntity = customer ? commercialEntityOf(customer) : null;
      if (oldEntity !== newEntity) lineId = null; // R22
    }
    if (lineId !== null && (lineId !== current.saleOrderLineId || patch.customerId !== undefined)) await assertSaleLineAllowed(tx, customer?.id ?? null, lineId, 'saleOrderLineId');
    // R14: a ticket that stays closed keeps its time where it is.
    if (lineId !== current.saleOrderLineId && stage.closed) throw new AppError('TICKET_CLOSED', 'The ticket is closed: reopen it to move its time to another sales order item');
    await tx
      .update(tickets)
      .set({
        teamId,
        stageId,
        subject: patch.subject,
        description: patch.description,
        customerId: customer?.id ?? null,
        assigneeId: patch.assigneeId === undefined ? undefined : patch.assigneeId ? Number(patch.assigneeId) : null,
        priority: patch.priority,
        saleOrderLineId: lineId,
        updatedAt: new Date(),
      })
      .where(eq(tickets.id, ticketId));
    if (lineId !== current.saleOrderLineId) await moveEntries(tx, ticketId, lineId);
  });
  return getTicket(db, ticketId, actor);
}


/**
 * R22 for a person who moves to another company: the open tickets of that person let go of lines
 * their new commercial entity may not use (their unpinned, uninvoiced time becomes unlinked, R21).
 * Closed tickets keep their time where it was logged (R14).
 */
export async function changeCustomer(db: Db, customerId: number, patch: Partial<CustomerInput>): Promise<CustomerRead> {
  return inTransaction(db, async (tx) => {
    const customer = await updateCustomer(tx, customerId, patch);
    const stranded = await queryRows<{ id: number }>(tx, sql`
      SELECT t.id::int AS id FROM tickets t JOIN stages s ON s.id = t.stage_id
       WHERE t.customer_id = ${customerId} AND t.sale_order_line_id IS NOT NULL AND NOT s.closed
         AND t.sale_order_line_id NOT IN (SELECT l.id FROM sale_order_lines l JOIN sale_orders o ON o.id = l.order_id
                                          JOIN customers c ON c.id = o.customer_id
                                         WHERE coalesce(c.company_id, c.id) = ${Number(customer.commercialEntityId)})
       ORDER BY t.id FOR UPDATE OF t`);
    for (const { id } of stranded) {
      await tx.update(tickets).set({ saleOrderLineId: null, updatedAt: new Date() }).where(eq(tickets.id, id));
      await moveEntries(tx, id, null);
    }
    return customer;
  });
}
