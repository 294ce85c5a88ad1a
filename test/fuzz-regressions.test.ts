// What the contract fuzz (test/fuzz.test.ts) found, one test each, named after the bug: each
// failed before its fix.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { buildTeam } from './factories.ts';
import { forEachDatabase, testConfig } from './db.ts';

/** Asserts the API's error shape and returns the error. */
function errorOf(reply: { statusCode: number; json(): any }, status: number, code: string) {
  assert.equal(reply.statusCode, status, JSON.stringify(reply.json()));
  const body = reply.json();
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.requestId, 'string');
  return body.error as { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

forEachDatabase('contract fuzz regressions', (ctx) => {
  let app: App;
  let admin: ApiClient;
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    admin = await apiAs(ctx.t.database.db, 'admin', app);
  });

  test("fuzz: a malformed percent-encoding in the path (FST_ERR_BAD_URL) answered Fastify's own shape; now a 400 with the error shape", async () => {
    for (const url of ['/api/v1/timesheets/%zz', '/api/v1/customers/%E0%A4%A', '/api/v1/tickets/%/comments']) {
      const error = errorOf(await admin.inject({ method: 'GET', url }), 400, 'VALIDATION_FAILED');
      assert.deepEqual(error.details, [{ path: 'path', message: error.message }]);
    }
    errorOf(await app.inject({ method: 'GET', url: '/api/v1/invitations/%zz' }), 400, 'VALIDATION_FAILED');
  });

  test("fuzz: a path parameter over 100 characters (FST_ERR_MAX_PARAM_LENGTH) answered a 414 of Fastify's shape with the URL in it; now a 400 that does not repeat the URL", async () => {
    const long = 'x'.repeat(300);
    const error = errorOf(await admin.inject({ method: 'PATCH', url: `/api/v1/users/${long}`, payload: {} }), 400, 'VALIDATION_FAILED');
    assert.ok(!error.message.includes(long));
    const secret = 's'.repeat(150);
    const link = errorOf(await app.inject({ method: 'GET', url: `/api/v1/invitations/${secret}` }), 400, 'VALIDATION_FAILED');
    assert.ok(!JSON.stringify(link).includes(secret), 'a one-time link is never echoed');
  });

  test('fuzz: searching tickets for a number longer than a ticket number (q=12345678901234567890) was a 400 "out of range"; now it searches the subjects', async () => {
    const team = ok(await admin.post('/teams', buildTeam()));
    const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Serial 12345678901234567890 fails' }));
    for (const q of ['12345678901234567890', '#12345678901234567890', '9999999999999999999999999']) {
      const reply = await admin.get(`/tickets?q=${encodeURIComponent(q)}&teamId=${team.id}`);
      assert.equal(reply.status, 200, `${q}: ${JSON.stringify(reply.body)}`);
      assert.deepEqual(reply.body.items.map((t: { id: string }) => t.id), q.startsWith('1') ? [ticket.id] : [], q);
    }
    const byNumber = ok(await admin.get(`/tickets?q=${encodeURIComponent(`#${ticket.number}`)}`));
    assert.deepEqual(byNumber.items.map((t: { id: string }) => t.id), [ticket.id], 'a ticket number still finds its ticket');
  });

  test('fuzz: %, _ and \\ in a search acted as LIKE wildcards ("100%" found every text with 100 in it); now they are searched as typed, in every search', async () => {
    const tag = `w${Date.now().toString(36)}`;
    const names = [`${tag} 100% uptime`, `${tag} 1000 seats`, `${tag} a_b`, `${tag} axb`, `${tag} C:\\temp`, `${tag} C:temp`];
    for (const name of names) ok(await admin.post('/customers', { name, kind: 'company' }));
    const team = ok(await admin.post('/teams', buildTeam()));
    for (const subject of names) ok(await admin.post('/tickets', { teamId: team.id, subject }));
    ok(await admin.post('/products', { name: `${tag} 50% off`, unit: 'hour', unitPrice: '10.00', invoicingPolicy: 'timesheets' }));
    ok(await admin.post('/products', { name: `${tag} 500 hours`, unit: 'hour', unitPrice: '10.00', invoicingPolicy: 'timesheets' }));
    const found = async (path: string, field: 'name' | 'subject', q: string) =>
      (ok(await admin.get(`${path}?q=${encodeURIComponent(`${tag} ${q}`)}${path === '/tickets' ? `&teamId=${team.id}` : ''}`)).items as Array<Record<string, string>>).map((i) => i[field]);
    for (const [path, field] of [['/customers', 'name'], ['/tickets', 'subject']] as const) {
      assert.deepEqual(await found(path, field, '100%'), [`${tag} 100% uptime`], path);
      assert.deepEqual(await found(path, field, 'a_b'), [`${tag} a_b`], path);
      assert.deepEqual(await found(path, field, 'C:\\t'), [`${tag} C:\\temp`], path);
    }
    assert.deepEqual(await found('/products', 'name', '50%'), [`${tag} 50% off`]);
  });
});
