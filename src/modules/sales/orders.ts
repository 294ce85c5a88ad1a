import { asc, eq, inArray, sql } from 'drizzle-orm';
import { lineAmounts } from '../../core/money.ts';
import type { InvoicingPolicy } from '../../core/billing-status.ts';
import type { Unit } from '../../core/quantity.ts';
import { inTransaction, type Db, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { checkCurrencyDecimals } from '../../platform/schemas.ts';
import { checkIncrements, findProductRow, incrementsFrom, type BillingIncrements } from '../catalog/index.ts';
import { findCustomerRow } from '../partners/index.ts';
import { emitEvent } from '../webhooks/index.ts';
import { checkAccountManager } from './account-manager.ts';
import { lineTax } from './line-tax.ts';
import { saleOrderLines, saleOrders } from './tables.ts';

export type SaleOrderRow = typeof saleOrders.$inferSelect;
export type SaleOrderLineRow = typeof saleOrderLines.$inferSelect;

/** R78: `billingStepMinutes`/`billingMinimumMinutes` left out are the product's defaults (decision 0046). */
export interface SaleLineInput extends BillingIncrements {
  productId: string;
  description?: string | undefined;
  quantity?: string | undefined;
  unitPrice?: string | undefined;
  unit?: Unit | undefined;
  taxRate?: string | undefined;
  taxId?: string | undefined;
}

/** Loads an order row (optionally locking it for the transaction), or null. */
export async function findOrderRow(db: Executor, orderId: number, lock = false): Promise<SaleOrderRow | null> {
  const query = db.select().from(saleOrders).where(eq(saleOrders.id, orderId));
  // NO KEY UPDATE: serializes writers of the order without blocking foreign-key checks on it.
  const [row] = lock ? await query.for('no key update') : await query;
  return row ?? null;
}

/** Loads a line row, or null. */
export async function findLineRow(db: Executor, lineId: number): Promise<SaleOrderLineRow | null> {
  const [row] = await db.select().from(saleOrderLines).where(eq(saleOrderLines.id, lineId));
  return row ?? null;
}

/**
 * R78: locks a line against the billed-minutes trigger of entries being logged on it: FOR UPDATE
 * conflicts with the KEY SHARE that trigger takes (migration 0025), so entries logged before commit
 * first and later ones wait and read the line's new increments.
 */
export async function lockLineAgainstNewEntries(tx: Executor, lineId: number): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM sale_order_lines WHERE id = ${lineId} FOR UPDATE`);
}

/** The lines of some orders, in order. */
export async function linesOfOrders(db: Executor, orderIds: number[]): Promise<SaleOrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(saleOrderLines).where(inArray(saleOrderLines.orderId, orderIds)).orderBy(asc(saleOrderLines.sequence), asc(saleOrderLines.id));
}

/**
 * Refuses (400, naming the field) line terms that do not hold together: a time-billed line in
 * units; a new price with more decimals than the currency (`priceIsNew`: a line keeps the price
 * it has); quantity × price beyond the amounts the database keeps (NUMERIC(16,2), with room for tax).
 */
export function checkLineTerms(
  at: (field: string) => string,
  terms: { unit: Unit; policy: InvoicingPolicy; quantity: string; unitPrice: string; priceIsNew: boolean },
  decimals: number,
): void {
  if (terms.unit === 'unit' && terms.policy !== 'manual') throw invalid(at('unit'), 'Time-billed lines are in hours or days');
  if (terms.priceIsNew) checkCurrencyDecimals(at('unitPrice'), terms.unitPrice, decimals);
  const { total } = lineAmounts({ quantity: terms.quantity, unitPrice: terms.unitPrice, taxRate: '100', decimals: 2 });
  if (total.replace('-', '').split('.')[0]!.length > 13) throw invalid(at('quantity'), 'Quantity × unit price is too large');
}

/**
 * Builds a line's columns: the product gives the defaults, the customer's fiscal position the tax
 * (R66); the line copies them (they never follow later product or tax changes).
 */
async function lineValues(tx: Executor, order: { id: number; customerId: number }, sequence: number, input: SaleLineInput, decimals: number, prefix: string) {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const product = await findProductRow(tx, Number(input.productId));
  if (!product) throw invalid(at('productId'), 'No such product');
  const unit = input.unit ?? product.unit;
  const unitPrice = input.unitPrice ?? product.unitPrice;
  const quantity = input.quantity ?? (product.invoicingPolicy === 'timesheets' ? '0' : '1');
  checkLineTerms(at, { unit, policy: product.invoicingPolicy, quantity, unitPrice, priceIsNew: true }, decimals);
  // R78, decision 0046: increments the request names win; the others are the product's defaults.
  const increments = incrementsFrom(product, input);
  checkIncrements(at, product.invoicingPolicy, increments);
  return {
    orderId: order.id,
    sequence,
    productId: product.id,
    description: input.description || product.name,
    unit,
    invoicingPolicy: product.invoicingPolicy,
    billOverage: product.invoicingPolicy === 'prepaid' && product.billOverage,
    quantity,
    unitPrice,
    ...increments,
    ...(await lineTax(tx, order.customerId, product.taxRate, input, at)),
  };
}

/**
 * Creates a quotation (draft order) for a customer, with lines defaulting from their products. Its
 * account manager (R80) is the one named, none for null, else (the database default) its creator.
 */
export async function createSaleOrder(db: Db, decimals: number, input: { customerId: string; accountManagerId?: string | null | undefined; lines?: SaleLineInput[] | undefined }): Promise<number> {
  return inTransaction(db, async (tx) => {
    if (!(await findCustomerRow(tx, Number(input.customerId)))) throw invalid('customerId', 'No such customer');
    const accountManagerId = input.accountManagerId == null ? input.accountManagerId : await checkAccountManager(tx, input.accountManagerId);
    const [order] = await tx.insert(saleOrders).values({ customerId: Number(input.customerId), accountManagerId }).returning({ id: saleOrders.id });
    const lines = input.lines ?? [];
    for (const [i, line] of lines.entries()) {
      await tx.insert(saleOrderLines).values(await lineValues(tx, { id: order!.id, customerId: Number(input.customerId) }, (i + 1) * 10, line, decimals, `lines.${i}`));
    }
    return order!.id;
  });
}

/** R34: adds a line to a draft or confirmed order (another rate); a cancelled order takes none. */
export async function addSaleOrderLine(db: Db, decimals: number, orderId: number, input: SaleLineInput): Promise<number> {
  return inTransaction(db, async (tx) => {
    const order = await findOrderRow(tx, orderId, true);
    if (!order) throw notFound('Sale order');
    if (order.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is cancelled');
    const [last] = await tx.select({ max: sql<number>`coalesce(max(${saleOrderLines.sequence}), 0)::int` }).from(saleOrderLines).where(eq(saleOrderLines.orderId, orderId));
    const [row] = await tx.insert(saleOrderLines).values(await lineValues(tx, order, (last?.max ?? 0) + 10, input, decimals, '')).returning({ id: saleOrderLines.id });
    return row!.id;
  });
}

/**
 * Changes an order: a quotation's customer (a confirmed order keeps its customer: tickets are linked
 * to it), and the account manager of a quotation or order that is not cancelled (R80; null: none).
 * Everything asked is checked before anything is written.
 */
export async function updateSaleOrder(db: Db, orderId: number, patch: { customerId?: string | undefined; accountManagerId?: string | null | undefined }): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await findOrderRow(tx, orderId, true);
    if (!order) throw notFound('Sale order');
    const values: Partial<SaleOrderRow> = {};
    if (patch.customerId !== undefined) {
      if (order.state !== 'draft') throw new AppError('ORDER_NOT_DRAFT', 'Only a quotation can change customer');
      if (!(await findCustomerRow(tx, Number(patch.customerId)))) throw invalid('customerId', 'No such customer');
      values.customerId = Number(patch.customerId);
    }
    if (patch.accountManagerId !== undefined) {
      if (order.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is cancelled');
      values.accountManagerId = patch.accountManagerId === null ? null : await checkAccountManager(tx, patch.accountManagerId);
    }
    if (Object.keys(values).length > 0) await tx.update(saleOrders).set(values).where(eq(saleOrders.id, orderId));
  });
}

/** Confirm: a quotation becomes a sales order; its lines can then be linked to tickets (R20). Emits sale_order.confirmed (R64). */
export async function confirmSaleOrder(db: Db, orderId: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await findOrderRow(tx, orderId, true);
    if (!order) throw notFound('Sale order');
    if (order.state !== 'draft') throw new AppError('ORDER_NOT_DRAFT', `This order is already ${order.state}`);
    const [confirmed] = await tx.update(saleOrders).set({ state: 'confirmed', confirmedAt: new Date() }).where(eq(saleOrders.id, orderId)).returning();
    await emitEvent(tx, 'sale_order.confirmed', {
      id: String(orderId), number: confirmed!.number, customerId: String(confirmed!.customerId), confirmedAt: confirmed!.confirmedAt!.toISOString(),
    });
  });
}

/** Deletes a line (the caller has checked that nothing hangs on it). */
export async function deleteLine(tx: Tx, lineId: number): Promise<void> {
  await tx.delete(saleOrderLines).where(eq(saleOrderLines.id, lineId));
}

/** Sets an order's state to cancelled (the caller has checked R34: no invoices). */
export async function markOrderCancelled(tx: Tx, orderId: number): Promise<void> {
  await tx.update(saleOrders).set({ state: 'cancelled' }).where(eq(saleOrders.id, orderId));
}

/** Applies a checked change to a line. */
export async function writeLine(tx: Tx, lineId: number, values: Partial<SaleOrderLineRow>): Promise<void> {
  await tx.update(saleOrderLines).set(values).where(eq(saleOrderLines.id, lineId));
}
