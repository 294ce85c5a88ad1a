import { sql } from 'drizzle-orm';
import { prepaidRemaining, type InvoicingPolicy } from '../../core/billing-status.ts';
import type { Unit } from '../../core/quantity.ts';
import { formatPrice } from '../../core/money.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import { seesCosts } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { saleOrderLines } from '../sales/index.ts';
import { deliveredMinutesSql } from '../timesheets/index.ts';
import { lineFigures } from './line-figures.ts';

export interface SaleLineOption {
  id: string;
  orderId: string;
  orderNumber: string;
  productId: string;
  description: string;
  unit: Unit;
  invoicingPolicy: InvoicingPolicy;
  /** Null for callers who do not see prices (agents see an order only through this item). */
  unitPrice: string | null;
  quantity: string;
  qtyDelivered: string;
  deliveredMinutes: number;
  remaining: string;
}

/**
 * R20: the lines a ticket of this customer may point at: lines of confirmed orders of the same
 * commercial entity, with a product billed on timesheets or prepaid.
 */
function allowedLinesSql(customerId: number) {
  return sql`
    SELECT l.id FROM sale_order_lines l
      JOIN sale_orders o ON o.id = l.order_id
      JOIN customers c ON c.id = o.customer_id
     WHERE o.state = 'confirmed' AND l.invoicing_policy IN ('timesheets', 'prepaid')
       AND coalesce(c.company_id, c.id) = (SELECT coalesce(company_id, id) FROM customers WHERE id = ${customerId})`;
}

/** R20: refuses (422 SALE_LINE_NOT_ALLOWED) a line the ticket's customer may not use. */
export async function assertSaleLineAllowed(db: Executor, customerId: number | null, lineId: number, path: string): Promise<void> {
  const rows = customerId === null ? [] : await queryRows<{ id: number }>(db, sql`${allowedLinesSql(customerId)} AND l.id = ${lineId}`);
  if (rows.length === 0) {
    const reason = customerId === null ? 'The ticket has no customer' : "This line is not on a confirmed order of the ticket's customer, or is not billed on time";
    throw new AppError('SALE_LINE_NOT_ALLOWED', reason, [{ path, message: reason }]);
  }
}

/**
 * R73: the Sales Order Item a new ticket of this customer gets when none is given: the oldest
 * prepaid line (by creation) of a confirmed order of its commercial entity that has time left
 * (delivered, R3-rounded in the line's unit, below ordered); none when every block is used up.
 */
export async function defaultPrepaidLine(db: Executor, customerId: number | null): Promise<number | null> {
  if (customerId === null) return null;
  const [row] = await queryRows<{ id: number }>(db, sql`
    SELECT l.id FROM sale_order_lines l
     WHERE l.id IN (${allowedLinesSql(customerId)}) AND l.invoicing_policy = 'prepaid' AND l.unit IN ('hour', 'day')
       AND round(coalesce(${deliveredMinutesSql(sql`l.id`)}, 0)::numeric
                 / CASE l.unit WHEN 'hour' THEN 60 ELSE (SELECT minutes_per_day FROM company_settings WHERE id = 1) END, 2) < l.quantity
     ORDER BY l.created_at, l.id LIMIT 1`);
  return row ? Number(row.id) : null;
}

/**
 * R20: the options of a ticket's Sales Order Item, with order number, price (for those who see
 * prices) and delivered/remaining.
 */
export async function saleLineOptions(db: Executor, customerId: number | null, actor: AuthContext): Promise<SaleLineOption[]> {
  if (customerId === null) return [];
  const company = await getCompanySettings(db);
  const rows = await queryRows<{ id: number; order_number: string }>(db, sql`
    SELECT l.id AS id, o.number AS order_number FROM sale_order_lines l JOIN sale_orders o ON o.id = l.order_id
     WHERE l.id IN (${allowedLinesSql(customerId)}) ORDER BY o.id DESC, l.sequence, l.id`);
  if (rows.length === 0) return [];
  const lines = await db.select().from(saleOrderLines).where(sql`${saleOrderLines.id} IN (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
  const figures = await lineFigures(db, lines, new Set(lines.map((l) => l.orderId)), company.minutesPerDay);
  const byId = new Map(lines.map((l) => [l.id, l]));
  return rows.map((r) => {
    const line = byId.get(Number(r.id))!;
    const f = figures.get(line.id)!;
    return {
      id: String(line.id),
      orderId: String(line.orderId),
      orderNumber: r.order_number,
      productId: String(line.productId),
      description: line.description,
      unit: line.unit,
      invoicingPolicy: line.invoicingPolicy,
      unitPrice: seesCosts(actor.role) ? formatPrice(line.unitPrice, company.currencyDecimals) : null,
      quantity: line.quantity,
      qtyDelivered: f.qtyDelivered,
      deliveredMinutes: f.deliveredMinutes,
      remaining: prepaidRemaining(line.quantity, f.qtyDelivered),
    };
  });
}
