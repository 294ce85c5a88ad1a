// Issue 13, R76/R77, decision 0037: billing by agent and by work type. An order routes the time of
// an agent, or of a work type, on its tickets to one of its lines; changing a route moves the time
// it concerns, in the same transaction, never an invoiced or pinned entry.
import { sql } from 'drizzle-orm';
import { formatRate } from '../../core/money.ts';
import { inTransaction, pgArray, queryRows, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { findLineRow, findOrderRow, putOrderRoute, removeOrderRoute, type RouteKey } from '../sales/index.ts';
import { assertActiveWorkType } from '../timesheets/index.ts';
import { followUnclaimed } from './timesheets.ts';

export interface AgentLineRead {
  userId: string;
  userName: string;
  saleOrderLineId: string;
  lineDescription: string;
}

export interface WorkTypeLineRead {
  workTypeId: string;
  workTypeName: string;
  multiplier: string;
  saleOrderLineId: string;
  lineDescription: string;
}

/** R76: the agents of an order mapped to its lines, by name. */
export async function listAgentLines(db: Executor, orderId: number): Promise<AgentLineRead[]> {
  await existingOrder(db, orderId);
  const rows = await queryRows<{ user_id: number; user_name: string; line_id: number; description: string }>(db, sql`
    SELECT r.user_id, u.name AS user_name, r.sale_order_line_id AS line_id, l.description
      FROM sale_order_routes r JOIN users u ON u.id = r.user_id JOIN sale_order_lines l ON l.id = r.sale_order_line_id
     WHERE r.order_id = ${orderId} AND r.user_id IS NOT NULL ORDER BY u.name, r.user_id`);
  return rows.map((r) => ({ userId: String(r.user_id), userName: r.user_name, saleOrderLineId: String(r.line_id), lineDescription: r.description }));
}

/** R77: the work types of an order mapped to its lines, by name, with their multiplier. */
export async function listWorkTypeLines(db: Executor, orderId: number): Promise<WorkTypeLineRead[]> {
  await existingOrder(db, orderId);
  const rows = await queryRows<{ work_type_id: number; name: string; multiplier: string; line_id: number; description: string }>(db, sql`
    SELECT r.work_type_id, w.name, w.multiplier::text AS multiplier, r.sale_order_line_id AS line_id, l.description
      FROM sale_order_routes r JOIN work_types w ON w.id = r.work_type_id JOIN sale_order_lines l ON l.id = r.sale_order_line_id
     WHERE r.order_id = ${orderId} AND r.work_type_id IS NOT NULL ORDER BY w.name, r.work_type_id`);
  return rows.map((r) => ({
    workTypeId: String(r.work_type_id), workTypeName: r.name, multiplier: formatRate(r.multiplier), saleOrderLineId: String(r.line_id), lineDescription: r.description,
  }));
}

async function existingOrder(db: Executor, orderId: number, lock = false) {
  const order = await findOrderRow(db, orderId, lock);
  if (!order) throw notFound('Sale order');
  return order;
}

/**
 * R76/R77: maps an agent or a work type of this order to one of its lines (timesheets or prepaid,
 * R20), and moves the time concerned: the unpinned, un-invoiced entries of that agent (or work
 * type) on the order's open tickets go where the order now routes them, in this transaction.
 */
export async function mapOrderRoute(db: Executor, orderId: number, key: RouteKey, lineId: number): Promise<number> {
  return inTransaction(db, async (tx) => {
    const order = await lockRoutableOrder(tx, orderId);
    await assertKeyAllowed(tx, key);
    const line = await findLineRow(tx, lineId);
    if (!line || line.orderId !== order.id || line.invoicingPolicy === 'manual') {
      const message = 'Choose a line of this order billed on timesheets or prepaid';
      throw new AppError('SALE_LINE_NOT_ALLOWED', message, [{ path: 'saleOrderLineId', message }]);
    }
    const entries = await lockRoutedEntries(tx, orderId, key);
    await putOrderRoute(tx, orderId, key, lineId);
    return (await followUnclaimed(tx, entries)).length;
  });
}

/** R76/R77: removes an agent's or a work type's route; its time goes back to the ticket's line (or the other route that applies). */
export async function unmapOrderRoute(db: Executor, orderId: number, key: RouteKey): Promise<number> {
  return inTransaction(db, async (tx) => {
    await lockRoutableOrder(tx, orderId);
    const entries = await lockRoutedEntries(tx, orderId, key);
    if (!(await removeOrderRoute(tx, orderId, key))) throw notFound('userId' in key ? 'Agent line' : 'Work type line');
    return (await followUnclaimed(tx, entries)).length;
  });
}

/**
 * Locks the order (as an invoice run does first, so the two take turns) and refuses a cancelled
 * one: its lines take no time any more, and its routes stay as they were.
 */
async function lockRoutableOrder(tx: Tx, orderId: number) {
  const order = await existingOrder(tx, orderId, true);
  if (order.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is cancelled: its lines take no time');
  return order;
}

async function assertKeyAllowed(tx: Tx, key: RouteKey): Promise<void> {
  if ('workTypeId' in key) return assertActiveWorkType(tx, key.workTypeId, 'workTypeId');
  const [user] = await queryRows<{ ok: boolean }>(tx, sql`SELECT active AND role <> 'customer' AS ok FROM users WHERE id = ${key.userId}`);
  if (!user?.ok) throw new AppError('AGENT_NOT_ALLOWED', 'No such active staff user', [{ path: 'userId', message: 'No such active staff user' }]);
}

/**
 * The entries a route of this key can move, locked: billable, unpinned entries of that agent (or
 * work type) on the order's open tickets (a closed ticket's time stays where it is, R14). The
 * tickets are locked first (share), as logging time and changing an entry take them, so time
 * logged meanwhile either waits for this change or is already here to be moved; then the entries,
 * by id, as relinking a ticket does.
 */
async function lockRoutedEntries(tx: Tx, orderId: number, key: RouteKey): Promise<number[]> {
  const tickets = await queryRows<{ id: number }>(tx, sql`
    SELECT k.id FROM tickets k JOIN stages s ON s.id = k.stage_id
     WHERE k.sale_order_line_id IN (SELECT id FROM sale_order_lines WHERE order_id = ${orderId}) AND NOT s.closed
     ORDER BY k.id FOR SHARE OF k`);
  if (tickets.length === 0) return [];
  const byKey = 'userId' in key ? sql`t.user_id = ${key.userId}` : sql`t.work_type_id = ${key.workTypeId}`;
  const rows = await queryRows<{ id: number }>(tx, sql`
    SELECT t.id FROM timesheets t
     WHERE t.ticket_id = ANY(${pgArray(tickets.map((k) => k.id))}::bigint[]) AND t.billable AND NOT t.pinned AND ${byKey}
     ORDER BY t.id FOR UPDATE`);
  return rows.map((r) => r.id);
}
