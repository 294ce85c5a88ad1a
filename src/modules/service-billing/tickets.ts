// Tickets as billing sees them: helpdesk writes the ticket; the bridge adds which sales order
// item it may point at (R20), what a new customer does to it (R22) and where its time goes (R21).
import { sql } from 'drizzle-orm';
import { inTransaction, pgArray, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { changedTicketValues, clearTicketLine, insertTicket, lockOpenLinkedTickets, newTicketValues, stageNamedInTicketTeam, writeTicket, type TicketInput } from '../helpdesk/index.ts';
import { updateCustomer, type CustomerInput, type CustomerRead } from '../partners/index.ts';
import { assertSaleLineAllowed, defaultPrepaidLine } from './sale-line-rules.ts';
import { getTicket, type TicketRead } from './ticket-read.ts';
import { relinkTicketEntries } from './timesheets.ts';

/**
 * Opens a ticket in a team (first stage unless given), optionally linked to a sales order item
 * (R20); without one given (not even null), the customer's oldest prepaid block with time left (R73).
 */
export async function createTicket(db: Db, input: TicketInput, actor: AuthContext): Promise<TicketRead> {
  const id = await inTransaction(db, async (tx) => {
    const values = await newTicketValues(tx, input, actor);
    if (input.saleOrderLineId === undefined) values.saleOrderLineId = await defaultPrepaidLine(tx, values.customerId);
    else if (values.saleOrderLineId !== null) await assertSaleLineAllowed(tx, values.customerId, values.saleOrderLineId, 'saleOrderLineId');
    return insertTicket(tx, values);
  });
  return getTicket(db, id, actor);
}

/**
 * Changes a ticket. R20: a new line must be allowed for the (new) customer. R21: a changed line
 * moves the unpinned, uninvoiced billable entries. R22: a customer of another commercial entity
 * clears the line unless a valid new one comes in the same change.
 */
export async function updateTicket(db: Db, ticketId: number, patch: Partial<TicketInput>, actor: AuthContext): Promise<TicketRead> {
  await inTransaction(db, (tx) => changeTicket(tx, ticketId, patch, actor));
  return getTicket(db, ticketId, actor);
}

async function changeTicket(tx: Tx, ticketId: number, patch: Partial<TicketInput>, actor: AuthContext): Promise<void> {
  const { current, currentEntity, next } = await changedTicketValues(tx, ticketId, patch, actor);
  if (patch.customerId !== undefined && patch.saleOrderLineId === undefined && currentEntity !== next.customerEntity) next.saleOrderLineId = null; // R22
  const lineId = next.saleOrderLineId;
  if (lineId !== null && (lineId !== current.saleOrderLineId || patch.customerId !== undefined)) await assertSaleLineAllowed(tx, next.customerId, lineId, 'saleOrderLineId');
  // R14: a ticket that stays closed keeps its time where it is.
  if (lineId !== current.saleOrderLineId && next.closed) throw new AppError('TICKET_CLOSED', 'The ticket is closed: reopen it to move its time to another sales order item');
  await writeTicket(tx, current, next);
  if (lineId !== current.saleOrderLineId) await relinkTicketEntries(tx, ticketId);
}

/**
 * What a bulk action changes on every selected ticket: its assignee, stage or sales order item.
 * `stageName` moves each ticket to the stage of that name in its own team (a selection across teams).
 */
export type BulkTicketPatch = Pick<Partial<TicketInput>, 'assigneeId' | 'stageId' | 'saleOrderLineId'> & { stageName?: string | undefined };

/**
 * Applies one change to several tickets, each as `updateTicket` would (the stage must be one of the
 * ticket's team, R20–R22 for a line, R14, agents only their teams' tickets), in one transaction:
 * all or nothing. The first refusal names its ticket (`ticketIds.<i>`) and changes nothing.
 */
export async function bulkUpdateTickets(db: Db, ticketIds: string[], patch: BulkTicketPatch, actor: AuthContext): Promise<{ ticketIds: string[] }> {
  await inTransaction(db, async (tx) => {
    for (const [index, id] of ticketIds.entries()) {
      try {
        const { stageName, ...change } = patch;
        if (stageName !== undefined) change.stageId = await stageNamedInTicketTeam(tx, Number(id), stageName, actor);
        await changeTicket(tx, Number(id), change, actor);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const message = `Ticket ${id}: ${error.message}`;
        throw new AppError(error.code, message, [{ path: `ticketIds.${index}`, message: error.message }, ...(error.details ?? [])]);
      }
    }
  });
  return { ticketIds };
}

/**
 * R22 for a person who moves to another company: the open tickets of that person let go of lines
 * their new commercial entity may not use (their unpinned, uninvoiced time becomes unlinked, R21).
 * Closed tickets keep their time where it was logged (R14).
 */
export async function changeCustomer(db: Db, customerId: number, patch: Partial<CustomerInput>): Promise<CustomerRead> {
  return inTransaction(db, async (tx) => {
    const customer = await updateCustomer(tx, customerId, patch);
    const linked = await lockOpenLinkedTickets(tx, customerId);
    if (linked.length === 0) return customer;
    const kept = await queryRows<{ id: number }>(tx, sql`
      SELECT l.id FROM sale_order_lines l JOIN sale_orders o ON o.id = l.order_id JOIN customers c ON c.id = o.customer_id
       WHERE l.id = ANY(${pgArray(linked.map((t) => t.saleOrderLineId))}::bigint[]) AND coalesce(c.company_id, c.id) = ${Number(customer.commercialEntityId)}`);
    const allowed = new Set(kept.map((r) => r.id));
    for (const ticket of linked) {
      if (allowed.has(ticket.saleOrderLineId)) continue;
      await clearTicketLine(tx, ticket.id);
      await relinkTicketEntries(tx, ticket.id);
    }
    return customer;
  });
}
