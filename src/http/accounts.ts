import { z } from 'zod';
import { compactIban } from '../core/party-ids.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { countryCode, decimalString, errorResponses, id, idParams, listOf, listQuery, name, optionalIdentifier, partyIdentifierFields, percentString, text } from '../platform/schemas.ts';
import { caller, SESSION_COOKIE } from './auth-hook.ts';
import { createApiToken, createUser, deleteSession, getCompanySettings, getUser, listUsers, login, PASSWORD_MAX, PASSWORD_MIN, updateUser } from '../modules/accounts/index.ts';
import { changeCompanySettings } from '../modules/service-billing/index.ts';
import { registerLinkRoutes } from './account-links.ts';
import { registerCompanyLogoRoutes } from './company-logo.ts';
import { me, role, userRead } from './account-schemas.ts';
import { setSessionCookie } from './session-cookie.ts';

const email = z.string().max(254).email('Must be an email address');
const password = z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);


const userCreate = z.strictObject({
  name: name(),
  email,
  role,
  password: password.optional(),
  hourlyCost: decimalString(4).optional(),
  teamIds: z.array(id).max(100).optional(),
  customerId: id.nullable().optional(),
  active: z.boolean().optional(),
});

const companyRead = z.object({
  name: z.string(),
  street: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  vatId: z.string().nullable(),
  registrationId: z.string().nullable(),
  registrationScheme: z.string().nullable(),
  peppolEndpointId: z.string().nullable(),
  peppolEndpointScheme: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  currency: z.string(),
  currencyDecimals: z.number(),
  minutesPerDay: z.number(),
  paymentTermsDays: z.number(),
  paymentTermsText: z.string(),
  defaultTaxRate: z.string(),
  invoiceMailSubject: z.string(),
  invoiceMailBody: z.string(),
});

const optionalText = text(200).nullable().optional();
const companyPatch = z.strictObject({
  name: name().optional(),
  street: optionalText,
  city: optionalText,
  postalCode: optionalText,
  country: countryCode,
  vatId: optionalText,
  ...partyIdentifierFields,
  iban: optionalIdentifier(42).transform((s) => (s ? compactIban(s) : s)),
  bic: optionalIdentifier(11).transform((s) => (s ? s.toUpperCase() : s)),
  currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR').optional(),
  minutesPerDay: z.number().int().min(1).max(1440).optional(),
  paymentTermsDays: z.number().int().min(0).max(3650).optional(),
  paymentTermsText: z.string().trim().max(500).optional().describe('R72: printed on invoices under the totals, e.g. "Payment within 30 days by bank transfer"; empty for none'),
  defaultTaxRate: percentString.optional(),
  invoiceMailSubject: text(200).optional().describe('Placeholders: {document} {number} {amount} {invoice_date} {due_date} {customer} {company} {portal_link}'),
  invoiceMailBody: z.string().trim().min(1).max(5000).optional(),
});


/** Sign-in, sessions, API tokens, users and company settings. */
export function registerAccountRoutes(app: App, db: Db, config: Config): void {
  const p = API_PREFIX;
  const limits = { idleMinutes: config.sessionIdleMinutes, maxMinutes: config.sessionMaxMinutes };
  const throttle = { windowSeconds: config.loginWindowSeconds, maxPerAccount: config.loginMaxFailuresPerAccount, maxPerAddress: config.loginMaxFailuresPerAddress };

  app.post(`${p}/auth/login`, {
    config: { access: policy.public },
    schema: { tags: ['auth'], body: z.strictObject({ email: z.string().max(254), password: z.string().max(200) }), response: { 200: me, ...errorResponses } },
  }, async (request, reply) => {
    const session = await login(db, { ...request.body, address: request.ip }, limits, throttle);
    request.log.info({ userId: session.userId, ip: request.ip }, 'signed in');
    setSessionCookie(request, reply, session.token, config.sessionMaxMinutes);
    return { user: await getUser(db, session.userId, session), csrfToken: session.csrfToken };
  });

  app.post(`${p}/auth/logout`, { config: { access: policy.signedIn }, schema: { tags: ['auth'], response: { 204: z.null() } } }, async (request, reply) => {
    const auth = caller(request);
    if (auth.sessionIdHash) await deleteSession(db, auth.sessionIdHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(`${p}/auth/me`, { config: { access: policy.signedIn }, schema: { tags: ['auth'], response: { 200: me, ...errorResponses } } }, async (request) => {
    const auth = caller(request);
    return { user: await getUser(db, auth.userId, auth), csrfToken: auth.csrfToken };
  });

  app.post(`${p}/api-tokens`, {
    config: { access: policy.staff },
    schema: { tags: ['auth'], body: z.strictObject({ name: name(100) }), response: { 201: z.object({ id: z.string(), token: z.string() }), ...errorResponses } },
  }, async (request, reply) => {
    const created = await createApiToken(db, caller(request).userId, request.body.name);
    return reply.status(201).send({ id: String(created.id), token: created.token });
  });

  app.get(`${p}/users`, {
    config: { access: policy.staff },
    schema: { tags: ['users'], querystring: z.strictObject({ ...listQuery, role: role.optional(), q: text(100).optional() }), response: { 200: listOf(userRead), ...errorResponses } },
  }, async (request) => listUsers(db, request.query, caller(request)));

  app.post(`${p}/users`, {
    config: { access: policy.admin },
    schema: { tags: ['users'], body: userCreate, response: { 201: userRead, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await createUser(db, request.body)));

  app.get(`${p}/users/:id`, {
    config: { access: policy.staff },
    schema: { tags: ['users'], params: idParams, response: { 200: userRead, ...errorResponses } },
  }, async (request) => getUser(db, Number(request.params.id), caller(request)));

  app.patch(`${p}/users/:id`, {
    config: { access: policy.admin },
    schema: { tags: ['users'], params: idParams, body: userCreate.partial(), response: { 200: userRead, ...errorResponses } },
  }, async (request) => updateUser(db, Number(request.params.id), request.body, caller(request)));

  registerLinkRoutes(app, db, config, limits);

  app.get(`${p}/company`, { config: { access: policy.staff }, schema: { tags: ['company'], response: { 200: companyRead, ...errorResponses } } }, async () => getCompanySettings(db));

  app.patch(`${p}/company`, {
    config: { access: policy.admin },
    schema: { tags: ['company'], body: companyPatch, response: { 200: companyRead, ...errorResponses } },
  }, async (request) => changeCompanySettings(db, request.body));

  registerCompanyLogoRoutes(app, db);
}
