import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createUser } from '../src/modules/accounts/index.ts';
import { buildServer } from '../src/server.ts';
import type { App } from '../src/platform/http.ts';
import { bootstrapAdmin } from '../src/bootstrap.ts';
import { ApiClient, apiAs, ok, refuses, unique } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { buildTeam, createBillingSetup, logMinutes } from './factories.ts';

/** Signs in with email and password through the API; returns the cookie and the CSRF token. */
async function login(app: App, email: string, password: string) {
  const reply = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const cookie = reply.cookies.find((c) => c.name === 'deskbill_session');
  return { reply, cookie, csrf: reply.statusCode === 200 ? (reply.json().csrfToken as string) : null };
}

forEachDatabase('HTTP, auth and errors', (ctx) => {
  let api: ApiClient;
  let app: App;
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    api = await apiAs(ctx.t.database.db, 'admin', app);
  });

  test('health answers without auth; the OpenAPI document lists every route', async () => {
    assert.deepEqual(ok(await api.anonymous().get('/health')), { status: 'ok' });
    const doc = ok(await api.anonymous().get('/openapi.json'));
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/tickets/{id}/timesheets', '/api/v1/sale-orders/{id}/invoices', '/api/v1/invoices/{id}/credit-notes', '/api/v1/invoices/{id}/pdf', '/api/v1/teams/{id}/stages']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
  });

  test('every route the router holds that is not declared public refuses an anonymous caller with 401', async () => {
    let checked = 0;
    for (const route of app.apiRoutes) {
      if (route.access === 'public') continue;
      const url = route.url.replace('/api/v1', '').replace(/:[A-Za-z]+/g, '1');
      const reply = await api.anonymous().call(route.method as 'GET', url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      assert.equal(reply.status, 401, `${route.method} ${route.url}`);
      assert.equal(reply.body.error.code, 'UNAUTHENTICATED');
      checked++;
    }
    assert.ok(checked >= 50, `checked ${checked} routes`);
  });

  test('login sets an HttpOnly SameSite session cookie; unsafe requests need the CSRF token; logout ends it', async () => {
    const email = `${unique('agent')}@example.test`;
    await createUser(ctx.t.database.db, { name: 'Agent Smith', email, role: 'agent', password: 'a long password' });
    const { reply, cookie, csrf } = await login(app, email.toUpperCase(), 'a long password');
    assert.equal(reply.statusCode, 200);
    assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Lax');
    assert.ok(cookie.value.length >= 40, 'at least 128 bits of session id');
    const jar = { cookie: `deskbill_session=${cookie.value}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: jar });
    assert.equal(me.json().user.email, email);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/teams', headers: jar, payload: buildTeam() });
    assert.deepEqual([noCsrf.statusCode, noCsrf.json().error.code], [403, 'CSRF_FAILED']);
    const before = ok(await api.get('/teams?limit=500')).items.length;
    const wrongCsrf = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: { ...jar, 'x-csrf-token': 'nope' }, payload: { name: 'x' } });
    assert.equal(wrongCsrf.statusCode, 403);
    const withCsrf = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: { ...jar, 'x-csrf-token': csrf! }, payload: { name: 'cli' } });
    assert.equal(withCsrf.statusCode, 201);
    assert.match(withCsrf.json().token, /^dbk_/);
    assert.equal(ok(await api.get('/teams?limit=500')).items.length, before);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...jar, 'x-csrf-token': csrf! } });
    assert.equal(out.statusCode, 204);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: jar })).statusCode, 401);
  });

  test('a wrong password and an unknown email get the same answer', async () => {
    const email = `${unique('acc')}@example.test`;
    await createUser(ctx.t.database.db, { name: 'Ann Accountant', email, role: 'accountant', password: 'right password' });
    const wrong = (await login(app, email, 'wrong password')).reply;
    const unknown = (await login(app, `nobody-${email}`, 'wrong password')).reply;
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json().error, unknown.json().error);
  });

  test('deactivating a user ends their sessions and tokens at once', async () => {
    const user = ok(await api.post('/users', { name: 'Leaving Agent', email: `${unique('leaver')}@example.test`, role: 'agent', password: 'password one' }));
    const { cookie } = await login(app, user.email, 'password one');
    const jar = { cookie: `deskbill_session=${cookie!.value}` };
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: jar })).statusCode, 200);
    ok(await api.patch(`/users/${user.id}`, { active: false }));
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: jar })).statusCode, 401);
    assert.equal((await login(app, user.email, 'password one')).reply.statusCode, 401);
  });

  test('users: email unique (409), roles checked, customer users need a customer', async () => {
    const email = `${unique('dup')}@example.test`;
    ok(await api.post('/users', { name: 'First', email, role: 'agent' }));
    const dup = await api.post('/users', { name: 'Second', email: email.toUpperCase(), role: 'agent' });
    assert.deepEqual([dup.status, dup.body.error.code], [409, 'EMAIL_TAKEN']);
    const portal = await api.post('/users', { name: 'Portal', email: `${unique('p')}@example.test`, role: 'customer' });
    assert.deepEqual([portal.status, portal.body.error.details[0].path], [400, 'customerId']);
    // Accounts learns of a missing team or customer from the foreign keys: the refusal names the
    // field, and the transaction that inserted the user is rolled back (no half-made user).
    const ghostTeamEmail = `${unique('g')}@example.test`;
    const ghostTeam = await api.post('/users', { name: 'Ghost', email: ghostTeamEmail, role: 'agent', teamIds: ['987654'] });
    assert.deepEqual([ghostTeam.status, ghostTeam.body.error.details[0].path], [400, 'teamIds']);
    const ghostCustomerEmail = `${unique('g')}@example.test`;
    const ghostCustomer = await api.post('/users', { name: 'Ghost', email: ghostCustomerEmail, role: 'customer', customerId: '987654' });
    assert.deepEqual([ghostCustomer.status, ghostCustomer.body.error.details[0].path], [400, 'customerId']);
    for (const email of [ghostTeamEmail, ghostCustomerEmail]) assert.deepEqual(ok(await api.get(`/users?q=${encodeURIComponent(email)}`)).items, [], `${email} was not created`);
    const member = ok(await api.post('/users', { name: 'Member', email: `${unique('m')}@example.test`, role: 'agent' }));
    const ghostPatch = await api.patch(`/users/${member.id}`, { name: 'Renamed', teamIds: ['987654'] });
    assert.deepEqual([ghostPatch.status, ghostPatch.body.error.details[0].path], [400, 'teamIds']);
    assert.equal(ok(await api.get(`/users/${member.id}`)).name, 'Member', 'a refused change changes nothing');
    const team = ok(await api.post('/teams', buildTeam()));
    const agent = ok(await api.post('/users', { name: 'Teamed', email: `${unique('t')}@example.test`, role: 'agent', teamIds: [team.id], hourlyCost: '45.50' }));
    assert.deepEqual([agent.teamIds, agent.hourlyCost], [[team.id], '45.50']);
    // Changing an email to one already in use (in any case) is refused too, and changes nothing.
    await refuses(api, () => api.patch(`/users/${agent.id}`, { name: 'Renamed', email: email.toUpperCase() }), 409, 'EMAIL_TAKEN', [`/users/${agent.id}`]);
    assert.equal(ok(await api.patch(`/users/${agent.id}`, { email: agent.email.toUpperCase() })).email, agent.email, 'its own email, in another case, is no conflict');
  });

  test('a customer portal user is refused on staff routes (403)', async () => {
    const customer = ok(await api.post('/customers', { name: unique('Portal Co'), kind: 'company' }));
    const email = `${unique('portal')}@example.test`;
    ok(await api.post('/users', { name: 'Portal User', email, role: 'customer', customerId: customer.id, password: 'portal password' }));
    const { cookie } = await login(app, email, 'portal password');
    const reply = await app.inject({ method: 'GET', url: '/api/v1/tickets', headers: { cookie: `deskbill_session=${cookie!.value}` } });
    assert.deepEqual([reply.statusCode, reply.json().error.code], [403, 'FORBIDDEN']);
  });

  test('unknown fields, NUL bytes, malformed JSON and wrong types are 400, text is 415, and change nothing', async () => {
    const setup = await createBillingSetup(api);
    const tickets = ok(await api.get('/tickets?limit=500')).items.length;
    const unknown = await api.post('/tickets', { teamId: setup.team.id, subject: 'x', colour: 'red' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'VALIDATION_FAILED');
    assert.ok(unknown.body.requestId);
    const nul = await api.post('/tickets', { teamId: setup.team.id, subject: 'bad\u0000subject' });
    assert.deepEqual([nul.status, nul.body.error.details[0].path], [400, 'subject']);
    const malformed = await api.call('POST', '/tickets', '{"teamId": ', { 'content-type': 'application/json' });
    assert.deepEqual([malformed.status, malformed.body.error.code], [400, 'VALIDATION_FAILED']);
    const text = await api.call('POST', '/tickets', 'subject=x', { 'content-type': 'text/plain' });
    assert.deepEqual([text.status, text.body.error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    const wrongType = await api.post('/tickets', { teamId: 5, subject: ['x'] });
    assert.equal(wrongType.status, 400);
    assert.equal(ok(await api.get('/tickets?limit=500')).items.length, tickets);
    const nulEntry = await api.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 5, description: 'a\u0000b' });
    assert.equal(nulEntry.status, 400);
    assert.equal(ok(await api.get(`/tickets/${setup.ticket.id}/timesheets`)).items.length, 0);
    const money = await api.post('/products', { name: 'x', unit: 'hour', unitPrice: 90.5, invoicingPolicy: 'timesheets' });
    assert.equal(money.status, 400, 'money as a JSON number is refused');
    const cents = await api.post('/products', { name: 'x', unit: 'hour', unitPrice: '90.555', invoicingPolicy: 'timesheets' });
    assert.deepEqual([cents.status, cents.body.error.details[0].path], [400, 'unitPrice']);
  });

  test('ids: malformed is 400, unknown is 404, unknown routes are 404 with the error shape', async () => {
    assert.equal((await api.get('/tickets/abc')).status, 400);
    assert.equal((await api.get('/tickets/99999999999999999999')).status, 400);
    const missing = await api.get('/tickets/987654321');
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'NOT_FOUND']);
    assert.equal((await api.get('/invoices/987654321/pdf')).status, 404);
    const route = await api.get('/no-such-thing');
    assert.deepEqual([route.status, route.body.error.code], [404, 'NOT_FOUND']);
  });

  test('lists page with {items, nextCursor}; limits are bounded', async () => {
    for (let i = 0; i < 3; i++) ok(await api.post('/customers', { name: `Paging ${i} ${unique()}`, kind: 'company' }));
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = ok(await api.get(`/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      page.items.forEach((c: any) => seen.add(c.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.size, ok(await api.get('/customers?limit=500')).items.length);
    assert.equal((await api.get('/customers?limit=0')).status, 400);
    assert.equal((await api.get('/customers?limit=100000')).status, 400);
  });

  test('company settings are readable by staff and changed by admins', async () => {
    const company = ok(await api.patch('/company', { name: 'Northwind IT', currency: 'EUR', defaultTaxRate: '21', paymentTermsDays: 14 }));
    assert.deepEqual([company.name, company.defaultTaxRate, company.paymentTermsDays, company.currencyDecimals], ['Northwind IT', '21.00', 14, 2]);
    assert.equal((await api.patch('/company', { minutesPerDay: 0 })).status, 400);
    const agent = await apiAs(ctx.t.database.db, 'agent', app);
    assert.equal(ok(await agent.get('/company')).name, 'Northwind IT');
    assert.equal((await agent.patch('/company', { name: 'Hijack' })).status, 403);
    ok(await api.patch('/company', { paymentTermsDays: 30 }));
  });

  test('the bootstrap admin is created only on an empty database', async () => {
    assert.equal(await bootstrapAdmin(ctx.t.database.db, 'boot@example.test', 'bootstrap password'), false);
  });
});

forEachDatabase('company currency', (ctx) => {
  test('R4: one currency per installation: 3-decimal currencies are refused, and the currency is fixed once invoices exist', async () => {
    const api = await apiAs(ctx.t.database.db, 'admin');
    const kwd = await api.patch('/company', { currency: 'KWD' });
    assert.deepEqual([kwd.status, kwd.body.error.details[0].path], [400, 'currency']);
    assert.equal(ok(await api.patch('/company', { currency: 'USD' })).currency, 'USD');
    const setup = await createBillingSetup(api);
    ok(await api.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 60 }));
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(invoice.currency, 'USD');
    const change = await api.patch('/company', { currency: 'EUR' });
    assert.deepEqual([change.status, change.body.error.code], [409, 'CONFLICT']);
    assert.equal(ok(await api.get('/company')).currency, 'USD');
  });
});

forEachDatabase('JSON bodies', (ctx) => {
  test('an empty or missing body counts as {}: optional bodies need none, required fields are named; prototype poisoning is refused', async () => {
    const api = await apiAs(ctx.t.database.db, 'admin');
    const setup = await createBillingSetup(api, { linkTicket: false });
    const cancel = await api.call('POST', `/sale-orders/${setup.order.id}/cancel`, '', { 'content-type': 'application/json' });
    assert.equal(cancel.status, 200);
    const required = await api.call('POST', '/customers', '', { 'content-type': 'application/json' });
    assert.deepEqual([required.status, required.body.error.code], [400, 'VALIDATION_FAILED']);
    assert.deepEqual(required.body.error.details.map((d: { path: string }) => d.path).sort(), ['kind', 'name'], 'each missing field is named');
    // No body and no content type at all: the same as `{}` (POST /invoices/:id/post needs nothing).
    const other = await createBillingSetup(api);
    await logMinutes(api, other.ticket.id, [30]);
    const invoice = await api.call('POST', `/sale-orders/${other.order.id}/invoices`);
    assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
    assert.equal((await api.call('POST', `/invoices/${invoice.body.id}/post`)).body.state, 'posted');
    const poisoned = await api.call('POST', '/customers', '{"name":"x","kind":"company","__proto__":{"admin":true}}', { 'content-type': 'application/json' });
    assert.equal(poisoned.status, 400);
  });
});
