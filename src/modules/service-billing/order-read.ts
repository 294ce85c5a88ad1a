import { and, desc, eq, sql } from 'drizzle-orm';
import { orderStatusOfLines, type InvoicingPolicy, type LineInvoiceStatus } from '../../core/billing-status.ts';
import { formatPrice, formatRate, lineAmounts, sumAmounts } from '../../core/money.ts';
import { formatQuantity, parseQuantity, type Unit } from '../../core/quantity.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { afterCursor, decodeCursor, toPage } from '../../platform/pagination.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { customerAndContactIds } from '../partners/index.ts';
import { linesOfOrders, saleOrders, type SaleOrderRow } from '../sales/index.ts';
import { lineFigures } from './line-figures.ts';

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
  qtyDelivered: string;
  deliveredMinutes: number;
  qtyInvoiced: string;
  qtyToInvoice: string;
  invoiceStatus: LineInvoiceStatus;
  subtotal: string;
  taxAmount: string;
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
  currency: string;
  createdAt: string;
  confirmedAt: string | null;
  lines: SaleOrderLineRead[];
}

/** Builds the read shape of orders with their lines and figures (R30–R33) in three queries. */
async function readOrders(db: Executor, orders: SaleOrderRow[]): Promise<SaleOrderRead[]> {
  if (orders.length === 0) return [];
  const company = await getCompanySettings(db);
  const lines = await linesOfOrders(db, orders.map((o) => o.id));
  const confirmed = new Set(orders.filter((o) => o.state === 'confirmed').map((o) => o.id));
  const figures = await lineFigures(db, lines, confirmed, company.minutesPerDay);
  return orders.map((order) => {
    const mine = lines.filter((l) => l.orderId === order.id).map((line): SaleOrderLineRead => {
      const f = figures.get(line.id)!;
      const quantity = formatQuantity(parseQuantity(line.quantity));
      const amounts = lineAmounts({ quantity, unitPrice: line.unitPrice, taxRate: line.taxRate, decimals: company.currencyDecimals });
      return {
        id: String(line.id),
        orderId: String(line.orderId),
        productId: String(line.productId),
        description: line.description,
        unit: line.unit,
        invoicingPolicy: line.invoicingPolicy,
        quantity,
        unitPrice: formatPrice(line.unitPrice, company.currencyDecimals),
        taxRate: formatRate(line.taxRate),
        qtyDelivered: f.qtyDelivered,
        deliveredMinutes: f.deliveredMinutes,
        qtyInvoiced: f.qtyInvoiced,
        qtyToInvoice: f.qtyToInvoice,
        invoiceStatus: f.invoiceStatus,
        subtotal: amounts.subtotal,
        taxAmount: amounts.tax,
      };
    });
    const untaxed = sumAmounts(mine.map((l) => l.subtotal), company.currencyDecimals);
    const tax = sumAmounts(mine.map((l) => l.taxAmount), company.currencyDecimals);
    return {
      id: String(order.id),
      number: order.number,
      customerId: String(order.customerId),
      state: order.state,
      invoiceStatus: order.state === 'confirmed' ? orderStatusOfLines(mine) : 'no',
      amountUntaxed: untaxed,
      amountTax: tax,
      amountTotal: sumAmounts([untaxed, tax], company.currencyDecimals),
      currency: company.currency,
      createdAt: order.createdAt.toISOString(),
      confirmedAt: order.confirmedAt?.toISOString() ?? null,
      lines: mine,
    };
  });
}

/** Reads an order with its lines and their delivered/invoiced figures, or answers 404. */
export async function getSaleOrder(db: Executor, orderId: number): Promise<SaleOrderRead> {
  const [row] = await db.select().from(saleOrders).where(eq(saleOrders.id, orderId));
  if (!row) throw notFound('Sale order');
  const [read] = await readOrders(db, [row]);
  return read!;
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
        query.q ? sql`${saleOrders.number} ILIKE ${'%' + query.q + '%'}` : undefined,
        after ? afterCursor([sql`${saleOrders.id}`], after, 'desc') : undefined,
      ),
    )
    .orderBy(desc(saleOrders.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => [r.id], (r) => r);
  const reads = await readOrders(db, page.items);
  return { items: reads, nextCursor: page.nextCursor };
}

