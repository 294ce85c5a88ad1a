import { and, desc, eq, sql } from 'drizzle-orm';
import { invoiceCreationRefusal, orderStatusOfLines, type InvoicingPolicy, type LineInvoiceStatus } from '../../core/billing-status.ts';
import { currencyDecimals, formatPrice, formatRate, lineAmounts, lineSubtotal, sumAmounts } from '../../core/money.ts';
import { formatQuantity, parseQuantity, type Unit } from '../../core/quantity.ts';
import { containing, pgArray, preparedRows, statementText, type Db, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { afterCursor, decodeCursor, toPage } from '../../platform/pagination.ts';
import { customerAndContactIds } from '../partners/index.ts';
import { saleOrders } from '../sales/index.ts';
import { lineFigure, lineFigureColumns, lineFigureJoin, type RawLineFigures } from './line-figures.ts';
import { lineDeleteRefusal, lineHasTicketSql, lineUsageOfFigures, orderHasInvoicesSql, orderCancelRefusal } from './line-usage.ts';

export interface SaleOrderLineRead {
  id: string;
  orderId: string;
  productId: string;
  description: string;
  unit: Unit;
  invoicingPolicy: InvoicingPolicy;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  /** R66: the tax record the rate came from, and its name now; null for a rate given by hand. */
  taxId: string | null;
  taxName: string | null;
  /** R78: each entry billed rounded up to a multiple of this, after the minimum (null: none). */
  billingStepMinutes: number | null;
  billingMinimumMinutes: number | null;
  qtyDelivered: string;
  deliveredMinutes: number;
  qtyInvoiced: string;
  qtyToInvoice: string;
  /** R73: a prepaid line's ordered − delivered in its unit (negative when over the block); null for other lines. */
  remaining: string | null;
  /** R75: whether time beyond the block is billed, and the overage invoiced and still to invoice (part of qtyToInvoice). */
  billOverage: boolean;
  qtyOverageInvoiced: string;
  qtyOverageToInvoice: string;
  invoiceStatus: LineInvoiceStatus;
  subtotal: string;
  taxAmount: string;
  /** Untaxed values (R71): qtyDelivered, qtyInvoiced and qtyToInvoice × unit price, rounded once per line as the subtotal. */
  deliveredValue: string;
  invoicedValue: string;
  toInvoiceValue: string;
  /** R71: whether DELETE /sale-order-lines/:id would succeed now; if not, `deleteBlockedReason` says why. */
  canDelete: boolean;
  deleteBlockedReason: string | null;
}

export interface SaleOrderRead {
  id: string;
  number: string;
  customerId: string;
  state: 'draft' | 'confirmed' | 'cancelled';
  invoiceStatus: LineInvoiceStatus;
  amountUntaxed: string;
  amountTax: string;
  amountTotal: string;
  /** Σ of the lines' deliveredValue, invoicedValue and toInvoiceValue (R71). */
  amountDelivered: string;
  amountInvoiced: string;
  amountToInvoice: string;
  /** R71: whether POST /sale-orders/:id/cancel would succeed now; if not, `cancelBlockedReason` says why. */
  canCancel: boolean;
  cancelBlockedReason: string | null;
  /** R71: whether Create invoice has something to bill; if not, `createInvoiceBlockedReason` says why. */
  canCreateInvoice: boolean;
  createInvoiceBlockedReason: string | null;
  currency: string;
  createdAt: string;
  confirmedAt: string | null;
  /** R80: who gets the order's upsell alerts (R74); when inactive or null, every active admin does. */
  accountManager: { id: string; name: string; active: boolean } | null;
  lines: SaleOrderLineRead[];
}

interface OrderViewRow extends RawLineFigures {
  order_id: number; number: string; customer_id: number; state: SaleOrderRead['state']; created_at: string; confirmed_at: string | null;
  account_manager_id: number | null; account_manager_name: string | null; account_manager_active: boolean | null;
  currency: string; minutes_per_day: number; has_invoices: boolean; has_ticket: boolean;
  line_id: number | null; product_id: number; description: string; unit: Unit; invoicing_policy: InvoicingPolicy;
  quantity: string; unit_price: string; tax_rate: string; qty_delivered_manual: string; tax_id: number | null; tax_name: string | null;
  bill_overage: boolean;
  billing_step_minutes: number | null; billing_minimum_minutes: number | null;
}

const iso = (timestamp: string) => new Date(timestamp).toISOString();

const ORDER_VIEW_SQL = statementText(sql`
  SELECT o.id AS order_id, o.number, o.customer_id, o.state, o.created_at::text AS created_at, o.confirmed_at::text AS confirmed_at,
         o.account_manager_id, am.name AS account_manager_name, am.active AS account_manager_active,
         c.currency, c.minutes_per_day, ${orderHasInvoicesSql(sql`o.id`)} AS has_invoices,
         l.id AS line_id, l.product_id, l.description, l.unit, l.invoicing_policy, l.quantity::text AS quantity,
         l.unit_price::text AS unit_price, l.tax_rate::text AS tax_rate, l.qty_delivered_manual::text AS qty_delivered_manual,
         l.tax_id, t.name AS tax_name, l.bill_overage, l.billing_step_minutes, l.billing_minimum_minutes,
         ${lineFigureColumns(sql`l.id`)}, ${lineHasTicketSql(sql`l.id`)} AS has_ticket
    FROM sale_orders o JOIN company_settings c ON c.id = 1
    LEFT JOIN users am ON am.id = o.account_manager_id
    LEFT JOIN sale_order_lines l ON l.order_id = o.id
    LEFT JOIN taxes t ON t.id = l.tax_id
    ${lineFigureJoin(sql`l.id`)}
   WHERE o.id = ANY($1::bigint[])
   ORDER BY l.sequence, l.id`);

/**
 * Builds the read shape of orders with their lines and figures (R30–R33) in one prepared
 * statement: the orders, the company's currency and day length, the lines, each line's
 * delivered minutes and invoiced quantity, and what hangs on it (R34, for `canDelete`). Orders come back in the order of `orderIds`; unknown
 * ids are left out.
 */
async function readOrders(db: Executor, orderIds: number[]): Promise<SaleOrderRead[]> {
  if (orderIds.length === 0) return [];
  const rows = await preparedRows<OrderViewRow>(db, 'deskbill_order_view', ORDER_VIEW_SQL, [pgArray(orderIds)]);
  const byOrder = new Map<number, OrderViewRow[]>();
  for (const row of rows) {
    const list = byOrder.get(Number(row.order_id));
    if (list) list.push(row);
    else byOrder.set(Number(row.order_id), [row]);
  }
  return orderIds.flatMap((orderId): SaleOrderRead[] => {
    const mine = byOrder.get(orderId);
    const order = mine?.[0];
    if (!order) return [];
    const decimals = currencyDecimals(order.currency);
    const confirmed = order.state === 'confirmed';
    const lines = mine.filter((r) => r.line_id !== null).map((r): SaleOrderLineRead => {
      const line = { unit: r.unit, invoicingPolicy: r.invoicing_policy, quantity: r.quantity, qtyDeliveredManual: r.qty_delivered_manual, billOverage: r.bill_overage };
      const f = lineFigure(line, r, confirmed, order.minutes_per_day);
      const quantity = formatQuantity(parseQuantity(r.quantity));
      const amounts = lineAmounts({ quantity, unitPrice: r.unit_price, taxRate: r.tax_rate, decimals });
      const value = (qty: string) => lineSubtotal(qty, r.unit_price, decimals);
      const refusal = lineDeleteRefusal(lineUsageOfFigures(r), order.state);
      return {
        id: String(r.line_id),
        orderId: String(orderId),
        productId: String(r.product_id),
        description: r.description,
        unit: r.unit,
        invoicingPolicy: r.invoicing_policy,
        quantity,
        unitPrice: formatPrice(r.unit_price, decimals),
        taxRate: formatRate(r.tax_rate),
        taxId: r.tax_id == null ? null : String(r.tax_id),
        taxName: r.tax_name,
        billingStepMinutes: r.billing_step_minutes,
        billingMinimumMinutes: r.billing_minimum_minutes,
        qtyDelivered: f.qtyDelivered,
        deliveredMinutes: f.deliveredMinutes,
        qtyInvoiced: f.qtyInvoiced,
        qtyToInvoice: f.qtyToInvoice,
        remaining: f.remaining,
        billOverage: r.bill_overage,
        qtyOverageInvoiced: f.qtyOverageInvoiced,
        qtyOverageToInvoice: f.qtyOverageToInvoice,
        invoiceStatus: f.invoiceStatus,
        subtotal: amounts.subtotal,
        taxAmount: amounts.tax,
        deliveredValue: value(f.qtyDelivered),
        invoicedValue: value(f.qtyInvoiced),
        toInvoiceValue: value(f.qtyToInvoice),
        canDelete: refusal === null,
        deleteBlockedReason: refusal?.reason ?? null,
      };
    });
    const cancel = orderCancelRefusal(order.state, order.has_invoices);
    const invoiceRefusal = invoiceCreationRefusal(order.state, lines);
    const untaxed = sumAmounts(lines.map((l) => l.subtotal), decimals);
    const tax = sumAmounts(lines.map((l) => l.taxAmount), decimals);
    return [{
      id: String(orderId),
      number: order.number,
      customerId: String(order.customer_id),
      state: order.state,
      invoiceStatus: confirmed ? orderStatusOfLines(lines) : 'no',
      amountUntaxed: untaxed,
      amountTax: tax,
      amountTotal: sumAmounts([untaxed, tax], decimals),
      amountDelivered: sumAmounts(lines.map((l) => l.deliveredValue), decimals),
      amountInvoiced: sumAmounts(lines.map((l) => l.invoicedValue), decimals),
      amountToInvoice: sumAmounts(lines.map((l) => l.toInvoiceValue), decimals),
      canCancel: cancel === null,
      cancelBlockedReason: cancel?.reason ?? null,
      canCreateInvoice: invoiceRefusal === null,
      createInvoiceBlockedReason: invoiceRefusal,
      currency: order.currency,
      createdAt: iso(order.created_at),
      confirmedAt: order.confirmed_at === null ? null : iso(order.confirmed_at),
      accountManager: order.account_manager_id === null
        ? null
        : { id: String(order.account_manager_id), name: order.account_manager_name ?? '', active: order.account_manager_active === true },
      lines,
    }];
  });
}

/** Reads an order with its lines and their delivered/invoiced figures, or answers 404. */
export async function getSaleOrder(db: Executor, orderId: number): Promise<SaleOrderRead> {
  const [read] = await readOrders(db, [orderId]);
  if (!read) throw notFound('Sale order');
  return read;
}

export interface OrderFilters {
  limit: number;
  cursor?: string | undefined;
  state?: 'draft' | 'confirmed' | 'cancelled' | undefined;
  customerId?: string | undefined;
  q?: string | undefined;
}

/** Lists orders newest first; `customerId` matches the whole commercial entity. */
export async function listSaleOrders(db: Db, query: OrderFilters) {
  const after = decodeCursor(query.cursor, 1);
  const rows = await db
    .select()
    .from(saleOrders)
    .where(
      and(
        query.state ? eq(saleOrders.state, query.state) : undefined,
        query.customerId ? sql`${saleOrders.customerId} IN (${customerAndContactIds(Number(query.customerId))})` : undefined,
        query.q ? sql`${saleOrders.number} ILIKE ${containing(query.q)}` : undefined,
        after ? afterCursor([sql`${saleOrders.id}`], after, 'desc') : undefined,
      ),
    )
    .orderBy(desc(saleOrders.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => [r.id], (r) => r);
  const reads = await readOrders(db, page.items.map((o) => o.id));
  return { items: reads, nextCursor: page.nextCursor };
}

