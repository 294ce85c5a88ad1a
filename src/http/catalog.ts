import { z } from 'zod';
import { caller } from './auth-hook.ts';
import { getCompanySettings } from '../modules/accounts/index.ts';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { decimalString, errorResponses, idParams, incrementMinutes, listOf, listQuery, name, percentString, text } from '../platform/schemas.ts';
import { createProduct, createTax, getProduct, listProducts, listTaxes, updateProduct, updateTax } from '../modules/catalog/index.ts';
import { TAX_CATEGORIES } from '../core/taxes.ts';

const unit = z.enum(['hour', 'day', 'unit']);
const invoicingPolicy = z.enum(['timesheets', 'prepaid', 'manual']);

/** R74: a share of a prepaid block in percent, above 0 and below 1000 (120: alert once 20 % over). */
const thresholdPercent = decimalString(2, '999').refine((s) => /^\d/.test(s) && !/^[0.]*$/.test(s), 'Must be above 0');

const productRead = z.object({
  id: z.string(),
  name: z.string(),
  type: z.literal('service'),
  unit,
  unitPrice: z.string().nullable(),
  taxRate: z.string(),
  invoicingPolicy,
  upsellThresholdPercent: z.string().nullable(),
  billOverage: z.boolean(),
  billingStepMinutes: z.number().nullable(),
  billingMinimumMinutes: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});

const productCreate = z.strictObject({
  name: name(),
  type: z.literal('service').optional(),
  unit,
  unitPrice: decimalString(4),
  taxRate: percentString.optional(),
  invoicingPolicy,
  upsellThresholdPercent: thresholdPercent.nullable().optional().describe('R74: percent of a prepaid block (e.g. 80, 100) whose use alerts the account manager once; null: no alert'),
  billOverage: z.boolean().optional().describe('R75: time beyond a prepaid block is billed as overage on the next invoice'),
  billingStepMinutes: incrementMinutes.describe('R78: default step of a new line of this product, in minutes (null: none); not on a manual product'),
  billingMinimumMinutes: incrementMinutes.describe('R78: default minimum per entry of a new line of this product, in minutes (null: none); not on a manual product'),
  active: z.boolean().optional(),
});

const taxRead = z.object({ id: z.string(), name: z.string(), rate: z.string(), category: z.enum(TAX_CATEGORIES), active: z.boolean() });
const taxCreate = z.strictObject({ name: name(100), rate: percentString.describe('Percent; above 0 only for a standard tax (R66)'), category: z.enum(TAX_CATEGORIES), active: z.boolean().optional() });

/** Taxes (R66): records with a rate and a category; anyone on staff reads them (pickers), the admin changes them. */
function registerTaxRoutes(app: App, db: Db): void {
  const p = `${API_PREFIX}/taxes`;
  app.get(p, {
    config: { access: policy.staff },
    schema: { tags: ['taxes'], querystring: z.strictObject({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }), response: { 200: z.object({ items: z.array(taxRead) }), ...errorResponses } },
  }, async (request) => ({ items: await listTaxes(db, request.query) }));
  app.post(p, {
    config: { access: policy.admin },
    schema: { tags: ['taxes'], body: taxCreate, response: { 201: taxRead, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await createTax(db, request.body)));
  app.patch(`${p}/:id`, {
    config: { access: policy.admin },
    schema: { tags: ['taxes'], params: idParams, body: taxCreate.partial(), response: { 200: taxRead, ...errorResponses } },
  }, async (request) => updateTax(db, Number(request.params.id), request.body));
}

/** Products: service products with a unit, a price, a tax rate and an invoicing policy. */
export function registerCatalogRoutes(app: App, db: Db): void {
  const p = `${API_PREFIX}/products`;
  const decimals = async () => (await getCompanySettings(db)).currencyDecimals;
  registerTaxRoutes(app, db);

  app.get(p, {
    config: { access: policy.staff },
    schema: {
      tags: ['products'],
      querystring: z.strictObject({ ...listQuery, invoicingPolicy: invoicingPolicy.optional(), active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), q: text(100).optional() }),
      response: { 200: listOf(productRead), ...errorResponses },
    },
  }, async (request) => listProducts(db, await decimals(), request.query, caller(request).role));

  app.post(p, {
    config: { access: policy.setup },
    schema: { tags: ['products'], body: productCreate, response: { 201: productRead, ...errorResponses } },
  }, async (request, reply) => {
    const company = await getCompanySettings(db);
    const { type: _type, ...input } = request.body;
    return reply.status(201).send(await createProduct(db, company.currencyDecimals, company.defaultTaxRate, input));
  });

  app.get(`${p}/:id`, {
    config: { access: policy.staff },
    schema: { tags: ['products'], params: idParams, response: { 200: productRead, ...errorResponses } },
  }, async (request) => getProduct(db, await decimals(), Number(request.params.id), caller(request).role));

  app.patch(`${p}/:id`, {
    config: { access: policy.setup },
    schema: { tags: ['products'], params: idParams, body: productCreate.partial(), response: { 200: productRead, ...errorResponses } },
  }, async (request) => {
    const { type: _type, ...patch } = request.body;
    return updateProduct(db, await decimals(), Number(request.params.id), patch);
  });
}
