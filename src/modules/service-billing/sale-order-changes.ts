import { sql } from 'drizzle-orm';
import type { Unit } from '../../core/quantity.ts';
import { inTransaction, queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { findProductRow } from '../catalog/index.ts';
import { clearLinesFromTickets } from '../helpdesk/index.ts';
import { checkLineTerms, deleteLine, findLineRow, findOrderRow, lineTax, linesOfOrders, markOrderCancelled, writeLine } from '../sales/index.ts';
import { unlinkEntriesOfLines } from '../timesheets/index.ts';

export interface SaleLinePatch {
  productId?: string | undefined;
  description?: string | undefined;
  quantity?: string | undefined;
  unitPrice?: string | undefined;
  unit?: Unit | undefined;
  taxRate?: string | undefined;
  taxId?: string | undefined;
  qtyDelivered?: string | undefined;
}

/** Whether time, invoices or tickets already hang on a line (then its product, unit and price are fixed, R34). */
async function lineUsage(tx: Tx, lineId: number): Promise<{ used: boolean; linked: boolean }> {
  const [row] = await queryRows<{ delivered: boolean; invoiced: boolean; linked: boolean }>(tx, sql`
    SELECT EXISTS (SELECT 1 FROM timesheets WHERE sale_order_line_id = ${lineId})
             OR EXISTS (SELECT 1 FROM sale_order_lines WHERE id = ${lineId} AND qty_delivered_manual > 0) AS delivered,
           EXISTS (SELECT 1 FROM invoice_lines WHERE sale_order_line_id = ${lineId}) AS invoiced,
           EXISTS (SELECT 1 FROM tickets WHERE sale_order_line_id = ${lineId}) AS linked`);
  return { used: Boolean(row?.delivered || row?.invoiced), linked: Boolean(row?.linked || row?.delivered) };
}

async function lockLine(tx: Tx, lineId: number) {
  const line = await findLineRow(tx, lineId);
  if (!line) throw notFound('Sale order line');
  const order = await findOrderRow(tx, line.orderId, true);
  if (order?.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is cancelled');
  return { ...line, customerId: order!.customerId };
}

/** R34: changes a line; product, unit and price are fixed once it has delivered or invoiced quantity. */
export async function updateSaleOrderLine(db: Db, decimals: number, lineId: number, patch: SaleLinePatch): Promise<number> {
  return inTransaction(db, async (tx) => {
    const line = await lockLine(tx, lineId);
    const fixed = (['productId', 'unit', 'unitPrice'] as const).filter((k) => patch[k] !== undefined);
    const usage = fixed.length ? await lineUsage(tx, lineId) : { used: false, linked: false };
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
    const unit = patch.unit ?? (product ? product.unit : line.unit);
    const newPrice = patch.unitPrice ?? product?.unitPrice;
    checkLineTerms((field) => field, { unit, policy, quantity: patch.quantity ?? line.quantity, unitPrice: newPrice ?? line.unitPrice, priceIsNew: newPrice !== undefined }, decimals);
    if (patch.qtyDelivered !== undefined && policy !== 'manual') throw invalid('qtyDelivered', 'Delivered is set by hand only on manual lines; on others it is the time logged');
    // R66: a tax or rate given wins; another product takes its tax as a new line would.
    const choosesTax = patch.taxId !== undefined || patch.taxRate !== undefined;
    const tax = choosesTax || product ? await lineTax(tx, line.customerId, product?.taxRate ?? line.taxRate, patch, (field) => field) : {};
    await writeLine(tx, lineId, {
      productId: product?.id,
      invoicingPolicy: product ? policy : undefined,
      description: patch.description,
      quantity: patch.quantity,
      unitPrice: newPrice,
      unit,
      ...tax,
      qtyDeliveredManual: patch.qtyDelivered,
    });
    return line.orderId;
  });
}

/** Deletes a line that nothing hangs on yet (no time, no invoice, no ticket). */
export async function deleteSaleOrderLine(db: Db, lineId: number): Promise<number> {
  return inTransaction(db, async (tx) => {
    const line = await lockLine(tx, lineId);
    const usage = await lineUsage(tx, lineId);
    if (usage.used || usage.linked) throw new AppError('LINE_HAS_DELIVERIES', 'Tickets, time or invoices use this line; it cannot be deleted');
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
    if (order.state === 'cancelled') throw new AppError('ORDER_CANCELLED', 'This order is already cancelled');
    const [row] = await queryRows<{ n: number }>(tx, sql`SELECT count(*) AS n FROM invoices WHERE sale_order_id = ${orderId}`);
    if (Number(row?.n) > 0) throw new AppError('ORDER_HAS_INVOICES', 'This order has invoices; it cannot be cancelled');
    const lineIds = (await linesOfOrders(tx, [orderId])).map((l) => l.id);
    await clearLinesFromTickets(tx, lineIds);
    await unlinkEntriesOfLines(tx, lineIds);
    await markOrderCancelled(tx, orderId);
  });
}
