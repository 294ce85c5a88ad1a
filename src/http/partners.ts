import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { countryCode, errorResponses, id, idParams, listOf, listQuery, name, partyIdentifierFields, text } from '../platform/schemas.ts';
import { FISCAL_POSITIONS } from '../core/taxes.ts';
import { getCompanySettings } from '../modules/accounts/index.ts';
import { changeCustomer } from '../modules/service-billing/index.ts';
import { createCustomer, getCustomer, listCustomers } from '../modules/partners/index.ts';

const kind = z.enum(['company', 'person']);
const optional = (max: number) => text(max).nullable().optional();
const address = z.strictObject({ street: optional(200), city: optional(100), postalCode: optional(20), country: countryCode });

const customerRead = z.object({
  id: z.string(),
  name: z.string(),
  kind,
  companyId: z.string().nullable(),
  commercialEntityId: z.string(),
  email: z.string().nullable(),
  billingEmail: z.string().nullable().describe('Where invoices are mailed; empty: the email, or the company\'s'),
  phone: z.string().nullable(),
  address: z.object({ street: z.string().nullable(), city: z.string().nullable(), postalCode: z.string().nullable(), country: z.string().nullable() }),
  vatId: z.string().nullable(),
  registrationId: z.string().nullable(),
  registrationScheme: z.string().nullable(),
  peppolEndpointId: z.string().nullable(),
  peppolEndpointScheme: z.string().nullable(),
  fiscalPosition: z.enum(FISCAL_POSITIONS).describe('R66: picks the tax of new order lines'),
  createdAt: z.string(),
});

const customerCreate = z.strictObject({
  name: name(),
  kind,
  companyId: id.nullable().optional(),
  email: z.string().max(254).email().nullable().optional(),
  billingEmail: z.string().max(254).email().nullable().optional(),
  phone: optional(50),
  address: address.optional(),
  vatId: optional(50),
  ...partyIdentifierFields,
  fiscalPosition: z.enum(FISCAL_POSITIONS).optional().describe('Default: from the country and VAT id, seen from the company\'s country'),
});

/** Customers: companies, people, their commercial entity. */
export function registerPartnerRoutes(app: App, db: Db): void {
  const p = `${API_PREFIX}/customers`;
  app.get(p, {
    config: { access: policy.staff },
    schema: { tags: ['customers'], querystring: z.strictObject({ ...listQuery, kind: kind.optional(), companyId: id.optional(), q: text(100).optional() }), response: { 200: listOf(customerRead), ...errorResponses } },
  }, async (request) => listCustomers(db, request.query));

  app.post(p, {
    config: { access: policy.setup },
    schema: { tags: ['customers'], body: customerCreate, response: { 201: customerRead, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await createCustomer(db, request.body, (await getCompanySettings(db)).country)));

  app.get(`${p}/:id`, {
    config: { access: policy.staff },
    schema: { tags: ['customers'], params: idParams, response: { 200: customerRead, ...errorResponses } },
  }, async (request) => getCustomer(db, Number(request.params.id)));

  app.patch(`${p}/:id`, {
    config: { access: policy.setup },
    schema: { tags: ['customers'], params: idParams, body: customerCreate.partial(), response: { 200: customerRead, ...errorResponses } },
  }, async (request) => changeCustomer(db, Number(request.params.id), request.body));
}
