import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { decimalString, errorResponses, id, idParams, incrementMinutes, listOf, listQuery, percentString, text } from '../platform/schemas.ts';
import { getCompanySettings } from '../modules/accounts/index.ts';
import { cancelSaleOrder, deleteSaleOrderLine, getSaleOrder, listSaleOrders, updateSaleOrderLine } from '../modules/service-billing/index.ts';
import { addSaleOrderLine, confirmSaleOrder, createSaleOrder, updateSaleOrder } from '../modules/sales/index.ts';

const unit = z.enum(['hour', 'day', 'unit']);
const status = z.enum(['no', 'to_invoice', 'upselling', 'invoiced']);
const quantity = decimalString(2, '999999999');
const lineRead = z.object({
  id: z.string(), orderId: z.string(), productId: z.string(), description: z.string(), unit, invoicingPolicy: z.enum(['timesheets', 'prepaid', 'manual']),
  quantity: z.string(), unitPrice: z.string(), taxRate: z.string(), taxId: z.string().nullable(), taxName: z.string().nullable(),
  billingStepMinutes: z.number().nullable(), billingMinimumMinutes: z.number().nullable(), qtyDelivered: z.string(), deliveredMinutes: z.number(), qtyInvoiced: z.string(),
  qtyToInvoice: z.string(), remaining: z.string().nullable(), billOverage: z.boolean(), qtyOverageInvoiced: z.string(), qtyOverageToInvoice: z.string(), invoiceStatus: status, subtotal: z.string(), taxAmount: z.string(),
  deliveredValue: z.string(), invoicedValue: z.string(), toInvoiceValue: z.string(), canDelete: z.boolean(), deleteBlockedReason: z.string().nullable(),
});
const saleOrderRead = z.object({
  id: z.string(), number: z.string(), customerId: z.string(), state: z.enum(['draft', 'confirmed', 'cancelled']), invoiceStatus: status,
  amountUntaxed: z.string(), amountTax: z.string(), amountTotal: z.string(),
  amountDelivered: z.string(), amountInvoiced: z.string(), amountToInvoice: z.string(),
  canCancel: z.boolean(), cancelBlockedReason: z.string().nullable(),
  canCreateInvoice: z.boolean(), createInvoiceBlockedReason: z.string().nullable(), currency: z.string(), createdAt: z.string(), confirmedAt: z.string().nullable(),
  accountManager: z.object({ id: z.string(), name: z.string(), active: z.boolean() }).nullable()
    .describe('R80: who gets the upsell alerts (R74); when inactive or null, every active admin does'),
  lines: z.array(lineRead),
});
const lineCreate = z.strictObject({
  productId: id, description: text(1000).optional(), quantity: quantity.optional(), unitPrice: decimalString(4).optional(), unit: unit.optional(), taxRate: percentString.optional(),
  taxId: id.optional().describe('R66: the tax; without it (and without taxRate) the customer\'s fiscal position picks it'),
  billingStepMinutes: incrementMinutes.describe('R78: bill each entry rounded up to a multiple of this many minutes (null: no step; left out: the product\'s default)'),
  billingMinimumMinutes: incrementMinutes.describe('R78: bill each entry at least this many minutes (null: no minimum; left out: the product\'s default)'),
});
const accountManagerId = id.nullable().optional()
  .describe('R80: an active admin, manager or accountant (null: none, alerts go to the admins); on create, the creator when left out');
const linePatch = lineCreate.partial().extend({ qtyDelivered: quantity.optional() }).strict();
const lineParams = z.strictObject({ id });

/** Quotations and sales orders, their lines, confirm and cancel. */
export function registerSalesRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  const decimals = async () => (await getCompanySettings(db)).currencyDecimals;
  const read = { 200: saleOrderRead, ...errorResponses };

  app.get(`${p}/sale-orders`, {
    config: { access: policy.ordersRead },
    schema: { tags: ['sale orders'], querystring: z.strictObject({ ...listQuery, state: z.enum(['draft', 'confirmed', 'cancelled']).optional(), customerId: id.optional(), q: text(50).optional() }), response: { 200: listOf(saleOrderRead), ...errorResponses } },
  }, async (r) => listSaleOrders(db, r.query));
  app.post(`${p}/sale-orders`, {
    config: { access: policy.ordersWrite },
    schema: { tags: ['sale orders'], body: z.strictObject({ customerId: id, accountManagerId, lines: z.array(lineCreate).max(200).optional() }), response: { 201: saleOrderRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await getSaleOrder(db, await createSaleOrder(db, await decimals(), r.body))));
  app.get(`${p}/sale-orders/:id`, { config: { access: policy.ordersRead }, schema: { tags: ['sale orders'], params: idParams, response: read } }, async (r) => getSaleOrder(db, Number(r.params.id)));
  app.patch(`${p}/sale-orders/:id`, {
    config: { access: policy.ordersWrite },
    schema: { tags: ['sale orders'], params: idParams, body: z.strictObject({ customerId: id.optional(), accountManagerId }), response: read },
  }, async (r) => {
    await updateSaleOrder(db, Number(r.params.id), r.body);
    return getSaleOrder(db, Number(r.params.id));
  });
  app.post(`${p}/sale-orders/:id/lines`, {
    config: { access: policy.ordersWrite },
    schema: { tags: ['sale orders'], params: idParams, body: lineCreate, response: { 201: saleOrderRead, ...errorResponses } },
  }, async (r, reply) => {
    await addSaleOrderLine(db, await decimals(), Number(r.params.id), r.body);
    return reply.status(201).send(await getSaleOrder(db, Number(r.params.id)));
  });
  app.patch(`${p}/sale-order-lines/:id`, {
    config: { access: policy.ordersWrite },
    schema: { tags: ['sale orders'], params: lineParams, body: linePatch, response: read },
  }, async (r) => getSaleOrder(db, await updateSaleOrderLine(db, await decimals(), Number(r.params.id), r.body)));
  app.delete(`${p}/sale-order-lines/:id`, {
    config: { access: policy.ordersWrite },
    schema: { tags: ['sale orders'], params: lineParams, response: read },
  }, async (r) => getSaleOrder(db, await deleteSaleOrderLine(db, Number(r.params.id))));
  app.post(`${p}/sale-orders/:id/confirm`, { config: { access: policy.ordersWrite }, schema: { tags: ['sale orders'], params: idParams, response: read } }, async (r) => {
    await confirmSaleOrder(db, Number(r.params.id));
    return getSaleOrder(db, Number(r.params.id));
  });
  app.post(`${p}/sale-orders/:id/cancel`, { config: { access: policy.ordersWrite }, schema: { tags: ['sale orders'], params: idParams, response: read } }, async (r) => {
    await cancelSaleOrder(db, Number(r.params.id));
    return getSaleOrder(db, Number(r.params.id));
  });
}
