// Issue 13, R76/R77, decision 0037: an order's routes, agent → line and work type → line. The
// bridge checks the agent, the work type and the line, and moves the time (service-billing).
import { and, eq, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { saleOrderRoutes } from './tables.ts';

/** What a route is keyed by: an agent, or a work type. */
export type RouteKey = { userId: number } | { workTypeId: number };

const keyCondition = (orderId: number, key: RouteKey): SQL =>
  and(eq(saleOrderRoutes.orderId, orderId), 'userId' in key ? eq(saleOrderRoutes.userId, key.userId) : eq(saleOrderRoutes.workTypeId, key.workTypeId))!;

/** Sets the line of this key on this order (creates or changes the route); answers the previous line, or null. */
export async function putOrderRoute(tx: Tx, orderId: number, key: RouteKey, lineId: number): Promise<number | null> {
  const [current] = await tx.select().from(saleOrderRoutes).where(keyCondition(orderId, key)).for('update');
  if (current) {
    if (current.saleOrderLineId !== lineId) {
      await tx.update(saleOrderRoutes).set({ saleOrderLineId: lineId, updatedAt: new Date() }).where(eq(saleOrderRoutes.id, current.id));
    }
    return current.saleOrderLineId;
  }
  await tx.insert(saleOrderRoutes).values({ orderId, ...key, saleOrderLineId: lineId });
  return null;
}

/** R76: whether an agent's or a work type's route points at this line. */
export async function lineHasRoutes(tx: Tx, lineId: number): Promise<boolean> {
  const [route] = await tx.select({ id: saleOrderRoutes.id }).from(saleOrderRoutes).where(eq(saleOrderRoutes.saleOrderLineId, lineId)).limit(1);
  return route !== undefined;
}

/** Removes the route of this key on this order; false when there was none. */
export async function removeOrderRoute(tx: Tx, orderId: number, key: RouteKey): Promise<boolean> {
  const removed = await tx.delete(saleOrderRoutes).where(keyCondition(orderId, key)).returning({ id: saleOrderRoutes.id });
  return removed.length > 0;
}
