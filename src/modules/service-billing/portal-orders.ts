import { sql } from 'drizzle-orm';
import { prepaidRemaining } from '../../core/billing-status.ts';
import type { Unit } from '../../core/quantity.ts';
import { pgArray, queryRows, type Db, type Executor } from '../../platform/db.ts';
import { getSaleOrder, listSaleOrders, type SaleOrderRead } from './order-read.ts';
import { assertVisible, entityCustomerIds, entityIdOf, type PortalCaller } from './portal-scope.ts';

/** A line of a confirmed order as the customer sees it: quantities only, no prices or amounts. */
export interface PortalOrderLineRead {
  id: string;
  description: string;
  unit: Unit;
  quantity: string;
  qtyDelivered: string;
  qtyInvoiced: string;
  /** Prepaid lines: ordered − delivered (negative when more was used, R50); other lines: null. */
  remaining: string | null;
}

export interface PortalOrderRead {
  id: string;
  number: string;
  customerName: string;
  confirmedAt: string | null;
  lines: PortalOrderLineRead[];
}

function toPortalOrder(order: SaleOrderRead, names: Map<string, string>): PortalOrderRead {
  return {
    id: order.id,
    number: order.number,
    customerName: names.get(order.customerId) ?? '',
    confirmedAt: order.confirmedAt,
    lines: order.lines.map((l) => ({
      id: l.id,
      description: l.description,
      unit: l.unit,
      quantity: l.quantity,
      qtyDelivered: l.qtyDelivered,
      qtyInvoiced: l.qtyInvoiced,
      remaining: l.invoicingPolicy === 'prepaid' ? prepaidRemaining(l.quantity, l.qtyDelivered) : null,
    })),
  };
}

async function customerNames(db: Executor, orders: SaleOrderRead[]): Promise<Map<string, string>> {
  const ids = [...new Set(orders.map((o) => Number(o.customerId)))];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM customers WHERE id = ANY(${pgArray(ids)}::bigint[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The confirmed orders of the caller's commercial entity, newest first, with delivered and invoiced quantities (R30–R31). */
export async function listPortalOrders(db: Db, caller: PortalCaller, query: { limit: number; cursor?: string | undefined }) {
  const entityId = await entityIdOf(db, caller);
  const page = await listSaleOrders(db, { ...query, state: 'confirmed', customerId: String(entityId) });
  const names = await customerNames(db, page.items);
  return { items: page.items.map((o) => toPortalOrder(o, names)), nextCursor: page.nextCursor };
}

/** One confirmed order of the caller's commercial entity; 404 for a quotation or another customer's order. */
export async function getPortalOrder(db: Db, caller: PortalCaller, orderId: number): Promise<PortalOrderRead> {
  await assertVisible(db, sql`SELECT 1 AS one FROM sale_orders o WHERE o.id = ${orderId} AND o.state = 'confirmed' AND o.customer_id IN (${entityCustomerIds(caller)})`, 'Sale order');
  const order = await getSaleOrder(db, orderId);
  return toPortalOrder(order, await customerNames(db, [order]));
}
