import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import type { ApiClient, Reply } from './api.ts';
import { buildAccessWorld, MARKER, ROLE_NAMES, type AccessWorld, type RoleName, type Side } from './access-fixture.ts';
import { EXPECTED } from './access-matrix.table.ts';
import { forEachDatabase, testConfig } from './db.ts';

// Issue 4: the access matrix (every route the router holds × every role × an object of side A and
// one of side B, expected statuses in test/access-matrix.table.ts) and the cross-customer sweep
// (customer A over every id of B's objects on every id-taking route, with B's marker string).

type Params = (s: Side, w: AccessWorld) => Record<string, string>;
interface RequestSpec {
  /** The route's path parameters for side A or B; a route without parameters has none. */
  params?: Params;
  /** The body sent (a valid no-op, or a request the rules refuse after the access checks). */
  body?: unknown;
  /** A query string the route needs (`?…`). */
  query?: string;
}

const ticket: Params = (s) => ({ id: s.ticket });
const order: Params = (s) => ({ id: s.order });
const postedInvoice: Params = (s) => ({ id: s.invoice });
const noWebhook: Params = () => ({ id: '999999999' });

/**
 * How each route is called. Writes that would change the world the other cells read are aimed at
 * objects the rules then refuse (a posted invoice, a cancelled order, invoiced time), so a status
 * past the access checks (409, 422) proves the caller got through, and a 403/404 that they did not.
 */
const REQUESTS: Record<string, RequestSpec> = {
  'GET /health': {},
  'GET /health/ready': {},
  'POST /auth/login': { body: { email: 'nobody@example.test', password: 'wrong password' } },
  'POST /auth/password-reset-request': { body: { email: 'nobody@example.test' } },
  'POST /auth/logout': {},
  'GET /auth/me': {},
  'POST /api-tokens': { body: { name: 'matrix' } },
  'GET /users': {},
  'POST /users': { body: {} },
  'GET /users/:id': { params: (s) => ({ id: s.agent }) },
  'PATCH /users/:id': { params: (s) => ({ id: s.agent }), body: {} },
  'POST /users/:id/invitations': { params: (_s, w) => ({ id: w.spareUser }) },
  'POST /users/:id/password-reset': { params: (_s, w) => ({ id: w.spareUser }) },
  'GET /invitations/:token': { params: () => ({ token: 'not-a-token' }) },
  'POST /invitations/:token/accept': { params: () => ({ token: 'not-a-token' }), body: { password: 'a long password 2' } },
  'GET /search': {},
  'GET /company': {},
  'PATCH /company': { body: {} },
  'GET /company/logo': {},
  'DELETE /company/logo': {},
  'PUT /company/logo': { body: {} },
  'GET /customers': {},
  'POST /customers': { body: {} },
  'GET /customers/:id': { params: (s) => ({ id: s.company }) },
  'PATCH /customers/:id': { params: (s) => ({ id: s.company }), body: {} },
  'GET /products': {},
  'POST /products': { body: {} },
  'GET /products/:id': { params: (_s, w) => ({ id: w.product }) },
  'PATCH /products/:id': { params: (_s, w) => ({ id: w.product }), body: {} },
  'GET /taxes': {},
  'POST /taxes': { body: {} },
  // A tax migration 0016 seeds (the zero rate): taxes belong to no side.
  'PATCH /taxes/:id': { params: () => ({ id: '1' }), body: {} },
  'GET /teams': {},
  'POST /teams': { body: {} },
  'GET /teams/:id': { params: (s) => ({ id: s.team }) },
  'PATCH /teams/:id': { params: (s) => ({ id: s.team }), body: {} },
  'GET /teams/:id/stages': { params: (s) => ({ id: s.team }) },
  'GET /helpdesk/dashboard': {},
  'GET /projects': {},
  'POST /projects': { body: {} },
  'GET /projects/:id': { params: (s) => ({ id: s.project }) },
  'GET /tickets': {},
  'POST /tickets': { body: {} },
  'POST /tickets/bulk': { body: {} },
  'GET /tickets/:id': { params: ticket },
  'PATCH /tickets/:id': { params: ticket, body: {} },
  'GET /tickets/:id/sale-order-line-options': { params: ticket },
  'GET /tickets/:id/timesheets': { params: ticket },
  // Creates an entry for the caller; entries added here are not read by other cells.
  'POST /tickets/:id/timesheets': { params: ticket, body: { date: '2026-11-03', minutes: 5, description: 'matrix' } },
  'GET /timesheets': {},
  // R68: the caller's own week; saving no cells changes nothing.
  'GET /timesheets/week': { query: '?weekStart=2026-11-02' },
  'PUT /timesheets/week': { body: { weekStart: '2026-11-02', cells: [] } },
  'GET /timesheets/:id': { params: (s) => ({ id: s.entryOpen }) },
  'PATCH /timesheets/:id': { params: (s) => ({ id: s.entryOpen }), body: {} },
  'DELETE /timesheets/:id': { params: (s) => ({ id: s.entryInvoiced }) },
  'GET /timers': {},
  'GET /timers/current': {},
  'POST /tickets/:id/timer': { params: ticket },
  'POST /timers/current/pause': {},
  'POST /timers/current/resume': {},
  'POST /timers/current/stop': {},
  'POST /timers/current/confirm': { body: { minutes: 0 } },
  'DELETE /timers/current': {},
  'GET /sale-orders': {},
  'POST /sale-orders': { body: {} },
  'GET /sale-orders/:id': { params: order },
  'PATCH /sale-orders/:id': { params: order, body: {} },
  'POST /sale-orders/:id/lines': { params: (s) => ({ id: s.cancelledOrder }), body: { productId: '1' } },
  'PATCH /sale-order-lines/:id': { params: (s) => ({ id: s.line }), body: {} },
  'DELETE /sale-order-lines/:id': { params: (s) => ({ id: s.line }) },
  'POST /sale-orders/:id/confirm': { params: order },
  'POST /sale-orders/:id/cancel': { params: (s) => ({ id: s.cancelledOrder }) },
  'POST /sale-orders/:id/invoices': { params: (s) => ({ id: s.cancelledOrder }), body: {} },
  // R76/R77: reads follow the order; changes are aimed at the cancelled order (409 ORDER_CANCELLED).
  'GET /sale-orders/:id/agent-lines': { params: order },
  'PUT /sale-orders/:id/agent-lines/:userId': { params: (s) => ({ id: s.cancelledOrder, userId: s.agent }), body: { saleOrderLineId: '1' } },
  'DELETE /sale-orders/:id/agent-lines/:userId': { params: (s) => ({ id: s.cancelledOrder, userId: s.agent }) },
  'GET /sale-orders/:id/work-type-lines': { params: order },
  'PUT /sale-orders/:id/work-type-lines/:workTypeId': { params: (s, w) => ({ id: s.cancelledOrder, workTypeId: w.workType }), body: { saleOrderLineId: '1' } },
  'DELETE /sale-orders/:id/work-type-lines/:workTypeId': { params: (s, w) => ({ id: s.cancelledOrder, workTypeId: w.workType }) },
  'GET /work-types': {},
  'POST /work-types': { body: {} },
  'PATCH /work-types/:id': { params: (_s, w) => ({ id: w.workType }), body: {} },
  'GET /invoices': {},
  'GET /invoices/stranded-drafts': {},
  'GET /invoices/:id': { params: postedInvoice },
  'DELETE /invoices/:id': { params: postedInvoice },
  'DELETE /invoices/:id/lines/:lineId': { params: (s) => ({ id: s.invoice, lineId: s.invoiceLine }) },
  'POST /invoices/:id/post': { params: postedInvoice, body: {} },
  'POST /invoices/:id/reverse': { params: (s) => ({ id: s.draftInvoice }) },
  'POST /invoices/:id/credit-notes': { params: (s) => ({ id: s.draftInvoice }), body: { timesheetIds: ['1'] } },
  'GET /invoices/:id/pdf': { params: postedInvoice },
  'POST /invoices/:id/send': { params: (s) => ({ id: s.draftInvoice }), body: {} },
  'GET /invoices/:id/sends': { params: postedInvoice },
  'GET /invoices/:id/ubl': { params: postedInvoice },
  'GET /invoices/:id/payments': { params: postedInvoice },
  // A draft takes no payment: 409 past the access checks, and nothing is paid.
  'POST /invoices/:id/payments': { params: (s) => ({ id: s.draftInvoice }), body: { paymentDate: '2026-11-03', amount: '1.00', method: 'cash' } },
  'GET /audit-events': {},
  'GET /notifications': {},
  // R74: a notification is its user's only: any other id answers 404 (none of the fixture's users has one).
  'POST /notifications/:id/handled': { params: () => ({ id: '999999999' }) },
  'GET /exports/invoice-lines.csv': {},
  'GET /exports/timesheets.csv': {},
  'GET /exports/unbilled-time.csv': {},
  'GET /tickets/:id/comments': { params: ticket },
  'POST /tickets/:id/comments': { params: ticket, body: { body: 'matrix comment' } },
  'GET /portal/me': {},
  'GET /portal/teams': {},
  'GET /portal/tickets': {},
  'POST /portal/tickets': { body: {} },
  'GET /portal/tickets/:id': { params: ticket },
  'GET /portal/tickets/:id/timesheets': { params: ticket },
  'GET /portal/tickets/:id/comments': { params: ticket },
  'POST /portal/tickets/:id/comments': { params: ticket, body: { body: 'portal matrix comment' } },
  'GET /portal/orders': {},
  'GET /portal/orders/:id': { params: order },
  'GET /portal/invoices': {},
  'GET /portal/invoices/:id': { params: postedInvoice },
  'GET /portal/invoices/:id/pdf': { params: postedInvoice },
  // Webhooks (R64): admins only; no endpoint exists in this world, so an admin's call with an id is a 404.
  'GET /webhook-endpoints': {},
  'POST /webhook-endpoints': { body: {} },
  'GET /webhook-endpoints/:id': { params: noWebhook },
  'PATCH /webhook-endpoints/:id': { params: noWebhook, body: {} },
  'DELETE /webhook-endpoints/:id': { params: noWebhook },
  'POST /webhook-endpoints/:id/rotate-secret': { params: noWebhook },
  'GET /webhook-endpoints/:id/deliveries': { params: noWebhook },
  'POST /webhook-deliveries/:id/resend': { params: noWebhook },
  'GET /webhook-settings': {},
  'PATCH /webhook-settings': { body: {} },
  'GET /openapi.json': {},
};

const routeKey = (method: string, url: string) => `${method} ${url.replace('/api/v1', '')}`;
const fill = (url: string, params: Record<string, string>) => url.replace('/api/v1', '').replace(/:(\w+)/g, (_m, name: string) => params[name] ?? `:${name}`);

async function send(client: ApiClient, method: string, path: string, body: unknown): Promise<Reply> {
  return client.call(method as 'GET', path, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}));
}

/** Everything a reply carries, as text, for the marker search (PDFs included: their text is not compressed). */
function replyText(reply: Reply): string {
  return Buffer.isBuffer(reply.body) ? reply.body.toString('latin1') : JSON.stringify(reply.body);
}

const withoutRequestId = (reply: Reply) => (Buffer.isBuffer(reply.body) ? reply.body.toString('latin1') : JSON.stringify({ ...reply.body, requestId: undefined }));

forEachDatabase('access matrix', (ctx) => {
  let app: App;
  let world: AccessWorld;
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    world = await buildAccessWorld(ctx.t.database.db, app);
  });

  test('every route the router holds has a request and a row in the expected table, and nothing else does', () => {
    const keys = app.apiRoutes.map((r) => routeKey(r.method, r.url));
    assert.deepEqual(keys.filter((k) => !(k in REQUESTS)), [], 'routes without a request in the matrix');
    assert.deepEqual(keys.filter((k) => !(k in EXPECTED)), [], 'routes without expected statuses');
    assert.deepEqual(Object.keys(EXPECTED).filter((k) => !keys.includes(k)), [], 'rows for routes that no longer exist');
  });

  test('routes × roles × objects of side A and side B answer exactly the expected status', async (t) => {
    const unexpected: string[] = [];
    const actual: Record<string, Record<string, string>> = {};
    let cells = 0;
    for (const route of app.apiRoutes) {
      const key = routeKey(route.method, route.url);
      const spec = REQUESTS[key];
      const expected = EXPECTED[key];
      if (!spec || (!expected && !process.env.ACCESS_MATRIX_PRINT)) continue;
      const sides = spec.params ? (['A', 'B'] as const) : (['-'] as const);
      for (const side of sides) {
        const row = expected === undefined ? ROLE_NAMES.map(() => '0').join(' ') : typeof expected === 'string' ? expected : expected[side as 'A' | 'B'];
        const statuses = row.trim().split(/\s+/).map(Number);
        assert.equal(statuses.length, ROLE_NAMES.length, `${key} ${side}: one status per role`);
        const path = fill(route.url, spec.params ? spec.params(world[side as 'A' | 'B'], world) : {}) + (spec.query ?? '');
        for (const [i, role] of ROLE_NAMES.entries()) {
          const reply = await send(world.clients[role], route.method, path, spec.body);
          cells++;
          ((actual[key] ??= {})[side] ??= '');
          actual[key]![side] += `${reply.status} `;
          if (reply.status >= 500) unexpected.push(`${key} [${side}] ${role}: ${reply.status} (a server error)`);
          else if (reply.status !== statuses[i]) unexpected.push(`${key} [${side}] ${role}: expected ${statuses[i]}, got ${reply.status} ${replyText(reply).slice(0, 160)}`);
        }
      }
    }
    if (process.env.ACCESS_MATRIX_PRINT) console.log(`MATRIX ${JSON.stringify(actual)}`);
    t.diagnostic(`access matrix: ${app.apiRoutes.length} routes × ${ROLE_NAMES.length} roles, ${cells} cells, ${unexpected.length} unexpected`);
    assert.deepEqual(unexpected, []);
  });

  test('lists never carry the other side: agents see their team, portal users their commercial entity', async () => {
    const bIds = [world.B.ticket, world.B.contactTicket];
    const aIds = [world.A.ticket, world.A.contactTicket];
    const ids = (reply: Reply) => (reply.body.items as Array<{ id: string }>).map((i) => i.id);
    const ticketsOf = async (role: RoleName, path: string) => ids(await world.clients[role].get(path));
    assert.deepEqual((await ticketsOf('agentX', '/tickets?limit=200')).filter((id) => bIds.includes(id)), []);
    assert.deepEqual((await ticketsOf('agentY', '/tickets?limit=200')).filter((id) => aIds.includes(id)), []);
    const seenByX = await ticketsOf('agentX', '/tickets?limit=200');
    assert.ok(aIds.every((id) => seenByX.includes(id)));
    const entries = ids(await world.clients.agentX.get('/timesheets?limit=200'));
    assert.ok(!entries.includes(world.B.entryOpen) && entries.includes(world.A.entryOpen));
    const exported = (await world.clients.agentX.get('/exports/timesheets.csv')).body.toString('utf8').split('\r\n').slice(1, -1).map((row: string) => row.split(',')[0]);
    assert.deepEqual(exported, entries, 'the CSV export carries exactly the list');
    const cards = (await world.clients.agentX.get('/helpdesk/dashboard')).body.items.map((c: { teamId: string }) => c.teamId);
    assert.deepEqual(cards, [world.A.team]);
    for (const role of ['customerA', 'customerA2'] as const) {
      const portal = await ticketsOf(role, '/portal/tickets?limit=200');
      assert.deepEqual(portal.sort(), [...aIds].sort(), `${role} sees the tickets of the whole commercial entity A, and only them`);
    }
    assert.deepEqual((await ticketsOf('customerB', '/portal/tickets?limit=200')).sort(), [...bIds].sort());
  });

  // Ids are per table, so B's team 2 may be A's ticket 2: an id is foreign on a route unless it is
  // one of A's objects of the kind that route takes.
  const KINDS: Array<[RegExp, Array<keyof Side>]> = [
    [/\/tickets\/:id/, ['ticket', 'contactTicket']],
    [/\/timesheets\/:id/, ['entryInvoiced', 'entryDrafted', 'entryOpen', 'entryNonBillable']],
    [/\/(sale-orders|orders)\/:id/, ['order', 'cancelledOrder']],
    [/\/sale-order-lines\/:id/, ['line']],
    [/\/invoices\/:id/, ['invoice', 'draftInvoice', 'invoiceLine', 'draftInvoiceLine']],
    [/\/customers\/:id/, ['company', 'contact']],
    [/\/teams\/:id/, ['team']],
    [/\/projects\/:id/, ['project']],
    [/\/users\/:id/, ['agent', 'portalUser']],
  ];
  const ownOfKind = (url: string): string[] => KINDS.filter(([re]) => re.test(url)).flatMap(([, keys]) => keys.map((k) => world.A[k]));

  test("sweep: customer A over every id of B's objects on every id-taking route finds nothing, and B's marker never reaches A", async (t) => {
    const bIds = [...new Set(Object.values(world.B))];
    const found: string[] = [];
    let requests = 0;
    for (const role of ['customerA', 'customerA2'] as const) {
      const client = world.clients[role];
      for (const route of app.apiRoutes) {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        if (names.length === 0) continue;
        const spec = REQUESTS[routeKey(route.method, route.url)];
        for (const id of bIds.filter((i) => !ownOfKind(route.url).includes(i) && !(route.url.includes('/products/') && i === world.product))) {
          const params = Object.fromEntries(names.map((n) => [n, id]));
          const reply = await send(client, route.method, fill(route.url, params), spec?.body);
          requests++;
          if (reply.status < 400) found.push(`${role} ${route.method} ${fill(route.url, params)} → ${reply.status}`);
          if (replyText(reply).includes(MARKER)) found.push(`${role} ${route.method} ${fill(route.url, params)}: marker in the reply`);
        }
        // A foreign object answers exactly like one that does not exist.
        if (route.url.startsWith('/api/v1/portal/') && route.method === 'GET') {
          const foreign = await send(client, 'GET', fill(route.url, spec?.params?.(world.B, world) ?? {}), undefined);
          const missing = await send(client, 'GET', fill(route.url, Object.fromEntries(names.map((n) => [n, '987654321']))), undefined);
          requests += 2;
          assert.equal(foreign.status, 404, route.url);
          assert.equal(withoutRequestId(foreign), withoutRequestId(missing), `${route.url}: a foreign object looks like a missing one`);
        }
      }
      // Everything A's users can list or download: lists, their ticket pages, their PDFs.
      for (const path of ['/portal/me', '/portal/teams', '/portal/tickets?limit=200', '/portal/orders?limit=200', '/portal/invoices?limit=200', '/auth/me',
        `/portal/tickets/${world.A.ticket}`, `/portal/tickets/${world.A.ticket}/timesheets`, `/portal/tickets/${world.A.ticket}/comments`,
        `/portal/orders/${world.A.order}`, `/portal/invoices/${world.A.invoice}`, `/portal/invoices/${world.A.invoice}/pdf`]) {
        const reply = await client.get(path);
        requests++;
        assert.equal(reply.status, 200, path);
        if (replyText(reply).includes(MARKER)) found.push(`${role} GET ${path}: marker in the reply`);
      }
    }
    // The marker is really there for B: the sweep would see it if it leaked.
    assert.ok(replyText(await world.clients.customerB.get(`/portal/tickets/${world.B.ticket}`)).includes(MARKER));
    t.diagnostic(`cross-customer sweep: ${Object.keys(world.B).length} objects of B (${bIds.length} distinct ids) × id-taking routes, ${requests} requests, ${found.length} leaks`);
    assert.deepEqual(found, []);
  });
});
