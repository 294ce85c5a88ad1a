import { sql } from 'drizzle-orm';
import type { Unit } from '../../core/quantity.ts';
import { inTransaction, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { checkIncrements, findProductRow, incrementsFrom } from '../catalog/index.ts';
import { clearLinesFromTickets } from '../helpdesk/index.ts';
import { checkLineTerms, deleteLine, findLineRow, findOrderRow, lineHasRoutes, lineTax, lockLineAgainstNewEntries, linesOfOrders, markOrderCancelled, writeLine } from '../sales/index.ts';
import { lockEntriesToRebill, rebillEntries, unlinkEntriesOfLines } from '../timesheets/index.ts';
import { entryStatusIs } from './timesheets.ts';
import { lineDeleteRefusal, lineUsage, lineUsageColumns, orderHasInvoicesSql, orderCancelRefusal, type RawLineUsage } from './line-usage.ts';

export interface SaleLinePatch {
  productId?: string | undefined;
  description?: string | undefined;
  quantity?: string | undefined;
  unitPrice?: string | undefined;
  unit?: Unit | undefined;
  taxRate?: string | undefined;
  taxId?: string | undefined;
  qtyDelivered?: string | undefined;
  billingStepMinutes?: number | null | undefined;
  billingMinimumMinutes?: number | null | undefined;
}

/** What hangs on a line (R34): time, a delivered quantity, invoices, tickets. */
async function readLineUsage(tx: Tx, lineId: number): Promise<RawLineUsage> {
  const [row] = await queryRows<RawLineUsage>(tx, sql`SELECT ${lineUsageColumns(sql`${lineId}::bigint`)}`);
  return row!;
}

async function lockLine(tx: Tx, lineId: number) {
  const line = await findLineRow(tx, lineId);
  if (!line) throw notFound('Sale order line');
  const order = await findOrderRow(tx, line.orderId, true);
  if (!order) throw notFound('Sale order');
  return { line, order };
}

/**
 * R34: changes a line; product, unit and price are fixed once it has delivered or invoiced
 * quantity. Another product's terms are copied as a new line takes them (decision 0006, R75's
 * overage flag and R78's increments included, decision 0046); a line that agents or work types are routed to stays billed on time (R76).
 */
export async function updateSaleOrderLine(db: Db, decimals: number, lineId: number, patch: SaleLinePatch): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { line, order } = await lockLine(tx, lineId);
    if (order.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is cancelled');
    const fixed = (['productId', 'unit', 'unitPrice'] as const).filter((k) => patch[k] !== undefined);
    const usage = fixed.length ? lineUsage(await readLineUsage(tx, lineId)) : { used: false, linked: false };
    if (patch.productId !== undefined && usage.linked && !usage.used) {
      // Another product may change the invoicing policy under the tickets that bill time on it.
      throw new AppError('LINE_HAS_DELIVERIES', 'Tickets bill time on this line: its product can no longer change; add a new line instead', [{ path: 'productId', message: 'Tickets are linked to this line' }]);
    }
    if (usage.used) {
      throw new AppError('LINE_HAS_DELIVERIES', 'This line has delivered or invoiced quantity: its product, unit and price can no longer change; add a new line for another rate', fixed.map((path) => ({ path, message: 'Fixed once time is delivered or invoiced' })));
    }
    const product = patch.productId ? await findProductRow(tx, Number(patch.productId)) : null;
    if (patch.productId && !product) throw invalid('productId', 'No such product');
    const policy = product?.invoicingPolicy ?? line.invoicingPolicy;
    if (product?.invoicingPolicy === 'manual' && (await lineHasRoutes(tx, lineId))) {
      // R76: a manual line never bills time; the order's routes (checked under the same order lock) would send time there.
      const message = 'Agents or work types bill on this line: remove their mappings first';
      throw new AppError('LINE_HAS_ROUTES', message, [{ path: 'productId', message }]);
    }
    const unit = patch.unit ?? (product ? product.unit : line.unit);
    const newPrice = patch.unitPrice ?? product?.unitPrice;
    checkLineTerms((field) => field, { unit, policy, quantity: patch.quantity ?? line.quantity, unitPrice: newPrice ?? line.unitPrice, priceIsNew: newPrice !== undefined }, decimals);
    if (patch.qtyDelivered !== undefined && policy !== 'manual') throw invalid('qtyDelivered', 'Delivered is set by hand only on manual lines; on others it is the time logged');
    // R78: increments of a line billed on time; a change rebills the entries no invoice claims.
    // Another product's defaults are taken as a new line takes them (decision 0046) unless the request names them.
    const increments = incrementsFrom(product ?? line, patch);
    checkIncrements((field) => field, policy, increments);
    const rebills = increments.billingStepMinutes !== line.billingStepMinutes || increments.billingMinimumMinutes !== line.billingMinimumMinutes;
    if (rebills) {
      await lockLineAgainstNewEntries(tx, lineId);
      await lockEntriesToRebill(tx, lineId, entryStatusIs('to_invoice', 't'));
    }
    // R66: a tax or rate given wins; another product takes its tax as a new line would.
    const choosesTax = patch.taxId !== undefined || patch.taxRate !== undefined;
    const tax = choosesTax || product ? await lineTax(tx, order.customerId, product?.taxRate ?? line.taxRate, patch, (field) => field) : {};
    await writeLine(tx, lineId, {
      productId: product?.id,
      invoicingPolicy: product ? policy : undefined,
      // R75, decision 0006: another product's overage flag, as a new line takes it.
      billOverage: product ? policy === 'prepaid' && product.billOverage : undefined,
      description: patch.description,
      quantity: patch.quantity,
      unitPrice: newPrice,
      unit,
      ...tax,
      qtyDeliveredManual: patch.qtyDelivered,
      ...(rebills ? increments : {}),
    });
    if (rebills) await rebillEntries(tx, lineId, { stepMinutes: increments.billingStepMinutes, minimumMinutes: increments.billingMinimumMinutes }, entryStatusIs('to_invoice', 't'));
    return line.orderId;
  });
}

/** R34/R71: deletes a line that nothing hangs on yet (no time, no invoice, no ticket). */
export async function deleteSaleOrderLine(db: Db, lineId: number): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { line, order } = await lockLine(tx, lineId);
    const refusal = lineDeleteRefusal(await readLineUsage(tx, lineId), order.state);
    if (refusal) throw new AppError(refusal.code, refusal.reason);
    await deleteLine(tx, lineId);
    return line.orderId;
  });
}

/**
 * R34: cancels an order that has no invoice. Its lines can no longer be billed, so tickets let go
 * of them and the time on them becomes unlinked (R21): waiting for another order, not lost.
 */
export async function cancelSaleOrder(db: Db, orderId: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await findOrderRow(tx, orderId, true);
    if (!order) throw notFound('Sale order');
    const [row] = await queryRows<{ has_invoices: boolean }>(tx, sql`SELECT ${orderHasInvoicesSql(sql`${orderId}::bigint`)} AS has_invoices`);
    const refusal = orderCancelRefusal(order.state, Boolean(row?.has_invoices));
    if (refusal) throw new AppError(refusal.code, refusal.reason);
    const lineIds = (await linesOfOrders(tx, [orderId])).map((l) => l.id);
    await clearLinesFromTickets(tx, lineIds);
    await unlinkEntriesOfLines(tx, lineIds);
    await markOrderCancelled(tx, orderId);
  });
}
