// Issue 10, decision 0023: request bodies, the API's rate limit, the server and database timeouts
// and readiness, through the real HTTP stack (and a listening server where sockets matter).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { migrate } from '../src/platform/migrate.ts';
import { FixedWindowLimiter } from '../src/platform/rate-limit.ts';
import { buildServer } from '../src/server.ts';
import { ApiClient, apiAs, ok, refuses, unique } from './api.ts';
import { createTestDatabase, forEachDatabase, testConfig } from './db.ts';
import { connect, head } from './raw-http.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDatabase('request bodies (issue 10)', (ctx) => {
  let api: ApiClient & { userId: string };
  let customer: { id: string; name: string };
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
    customer = ok(await api.post('/customers', { name: unique('Body Co'), kind: 'company' }));
  });
  const unchanged = () => [`/customers/${customer.id}`, '/customers?limit=500'];

  test('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE and creates nothing', async () => {
    const big = { name: 'x'.repeat(1024 * 1024), kind: 'company' };
    const body = await refuses(api, () => api.post('/customers', big), 413, 'PAYLOAD_TOO_LARGE', unchanged());
    assert.ok(body.requestId);
  });

  test('JSON in another charset than UTF-8 is 415 UNSUPPORTED_MEDIA_TYPE; UTF-8 named or not is read', async () => {
    const utf16 = Buffer.from(JSON.stringify({ name: 'Ünïcode GmbH' }), 'utf16le');
    await refuses(api, () => api.call('PATCH', `/customers/${customer.id}`, utf16.toString('latin1'), { 'content-type': 'application/json; charset=utf-16' }), 415, 'UNSUPPORTED_MEDIA_TYPE', unchanged());
    await refuses(api, () => api.call('PATCH', `/customers/${customer.id}`, { name: 'Latin' }, { 'content-type': 'application/json; charset=ISO-8859-1' }), 415, 'UNSUPPORTED_MEDIA_TYPE', unchanged());
    const named = ok(await api.call('PATCH', `/customers/${customer.id}`, { name: 'Ünïcode GmbH' }, { 'content-type': 'application/json; charset="UTF-8"' }));
    assert.equal(named.name, 'Ünïcode GmbH');
    customer = named;
  });

  test('other content types are 415 and change nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
      await refuses(api, () => api.call('POST', '/customers', 'name=Form+Co&kind=company', { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE', unchanged());
      await refuses(api, () => api.call('PATCH', `/customers/${customer.id}`, 'name=Other', { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE', unchanged());
    }
  });

  test('a JSON body that is not an object (null, an array, a number, a string) is 400 VALIDATION_FAILED on PATCH and POST', async () => {
    for (const payload of ['null', '[]', '[{"name":"A"}]', '42', '"name"', 'true']) {
      const body = await refuses(api, () => api.call('PATCH', `/customers/${customer.id}`, payload), 400, 'VALIDATION_FAILED', unchanged());
      assert.equal(body.error.details[0].path, 'body');
      await refuses(api, () => api.call('POST', '/customers', payload), 400, 'VALIDATION_FAILED', unchanged());
    }
  });

  test('malformed JSON is 400 VALIDATION_FAILED with the error shape; no body at all is still an empty object', async () => {
    const body = await refuses(api, () => api.call('PATCH', `/customers/${customer.id}`, '{"name": "x"'), 400, 'VALIDATION_FAILED', unchanged());
    assert.deepEqual(Object.keys(body).sort(), ['error', 'requestId']);
    assert.match(body.error.message, /not valid JSON/);
    const empty = await api.call('PATCH', `/customers/${customer.id}`, '', { 'content-type': 'application/json' });
    assert.equal(empty.status, 200);
  });
});

describe('fixed-window limiter', () => {
  test('allows the limit per key in a window, refuses more with the seconds left, forgets at the next window', () => {
    let now = 60_000;
    const limiter = new FixedWindowLimiter(3, 60_000, () => now);
    assert.deepEqual([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')], [null, null, null]);
    now += 15_000;
    assert.equal(limiter.hit('a'), 45);
    assert.equal(limiter.check('a'), 45);
    assert.equal(limiter.hit('b'), null, 'another key has its own count');
    assert.equal(limiter.check('b'), null, 'check does not count');
    assert.equal(limiter.hit('b'), null);
    now += 45_000;
    assert.equal(limiter.hit('a'), null, 'a new window');
    now += 59_999;
    assert.equal(limiter.hit('a'), null);
    assert.equal(limiter.hit('a'), null);
    assert.equal(limiter.hit('a'), 1, 'never less than 1 second');
  });
});

forEachDatabase('API rate limit (issue 10)', (ctx) => {
  let app: App;
  const token = async (role: 'admin' | 'agent' = 'admin') => {
    const user = await createUser(ctx.t.database.db, { name: 'Rate', email: `${unique('rate')}@example.test`, role, password: 'correct horse battery' });
    return (await createApiToken(ctx.t.database.db, Number(user.id), 'rate')).token;
  };
  const get = (url: string, address: string, bearer?: string) =>
    app.inject({ method: 'GET', url: `/api/v1${url}`, remoteAddress: address, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig({ rateLimitPerUser: 5, rateLimitPerAddress: 3 }));
  });

  test('a signed-in user gets 429 RATE_LIMITED with Retry-After past its limit; another user on the same address does not', async () => {
    const [first, second] = [await token(), await token('agent')];
    for (let i = 0; i < 5; i++) assert.equal((await get('/tickets', '10.1.0.1', first)).statusCode, 200);
    const refused = await get('/tickets', '10.1.0.1', first);
    assert.deepEqual([refused.statusCode, refused.json().error.code], [429, 'RATE_LIMITED']);
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${refused.headers['retry-after']}`);
    assert.equal((await get('/tickets', '10.1.0.1', second)).statusCode, 200, 'counted per user, not per address');
    assert.equal((await get('/tickets', '10.1.0.2', first)).statusCode, 429, 'nor per address for a signed-in user');
  });

  test('anonymous requests and refused credentials count per address; an address over its limit is refused whatever it sends', async () => {
    const good = await token();
    assert.equal((await get('/tickets', '10.2.0.1')).statusCode, 401);
    assert.equal((await get('/tickets', '10.2.0.1', 'not-a-token')).statusCode, 401);
    assert.equal((await get('/openapi.json', '10.2.0.1')).statusCode, 200);
    const refused = await get('/tickets', '10.2.0.1', 'another-guess');
    assert.deepEqual([refused.statusCode, refused.json().error.code], [429, 'RATE_LIMITED']);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal((await get('/tickets', '10.2.0.1', good)).statusCode, 429);
    assert.equal((await get('/tickets', '10.2.0.2', good)).statusCode, 200, 'other addresses are not affected');
  });

  test('the health probes are never limited', async () => {
    for (let i = 0; i < 5; i++) await get('/tickets', '10.3.0.1');
    assert.equal((await get('/tickets', '10.3.0.1')).statusCode, 429);
    assert.equal((await get('/health', '10.3.0.1')).statusCode, 200);
    assert.equal((await get('/health/ready', '10.3.0.1')).statusCode, 200);
  });

  test('0 disables a limit; the defaults are 20,000 per user and 40,000 per address a minute', async () => {
    const unlimited = await buildServer(ctx.t.database.db, testConfig({ rateLimitPerUser: 0, rateLimitPerAddress: 0 }));
    const bearer = await token();
    for (let i = 0; i < 12; i++) {
      const reply = await unlimited.inject({ method: 'GET', url: '/api/v1/tickets', remoteAddress: '10.4.0.1', headers: i % 2 ? { authorization: `Bearer ${bearer}` } : {} });
      assert.equal(reply.statusCode, i % 2 ? 200 : 401);
    }
    const defaults = loadConfig({});
    assert.deepEqual([defaults.rateLimitPerUser, defaults.rateLimitPerAddress, defaults.rateLimitWindowSeconds], [20_000, 40_000, 60]);
    assert.throws(() => loadConfig({ DESKBILL_RATE_LIMIT_PER_USER: 'many' }), /whole number/);
  });
});

forEachDatabase('readiness (issue 10)', (ctx) => {
  test('ready answers 200 while the database answers, 503 NOT_READY once draining; liveness stays 200', async () => {
    const app = await buildServer(ctx.t.database.db, testConfig());
    const ready = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    assert.deepEqual([ready.statusCode, ready.json()], [200, { status: 'ready' }]);
    assert.notEqual(ready.headers.connection, 'close');
    app.draining = true;
    const draining = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    assert.deepEqual([draining.statusCode, draining.json().error.code], [503, 'NOT_READY']);
    const live = await app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.deepEqual([live.statusCode, live.headers.connection], [200, 'close'], 'answers during a drain close their connection');
  });

  test('ready answers 503 NOT_READY when the database does not answer', async () => {
    const own = await createTestDatabase(ctx.t.kind);
    const app = await buildServer(own.database.db, testConfig());
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/health/ready' })).statusCode, 200);
    await own.drop();
    const down = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    assert.deepEqual([down.statusCode, down.json().error.code], [503, 'NOT_READY']);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode, 200);
  });
});

describe('HTTP server timeouts (issue 10)', () => {
  let own: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;
  let port: number;
  before(async () => {
    own = await createTestDatabase('pglite');
    app = await buildServer(own.database.db, testConfig({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, keepAliveTimeoutSeconds: 72 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app?.close();
    await own?.drop();
  });

  /** Sends `start`, then `piece` every 100 ms until the server ends the connection (at most 10 s); returns the status it answered. */
  async function dripUntilCut(start: string, piece: (i: number) => string): Promise<number> {
    const connection = await connect(port);
    try {
      connection.write(start);
      for (let i = 0; i < 100 && !connection.isEnded(); i++) {
        connection.write(piece(i));
        await sleep(100);
      }
      assert.ok(connection.isEnded(), 'the server closed the connection within 10 s');
      return (await connection.nextResponse(1000)).status;
    } finally {
      connection.socket.destroy();
    }
  }

  test('headers dripped slower than the headers timeout are cut with 408', async () => {
    assert.equal(await dripUntilCut(head('GET', '/api/v1/health', {}, true), (i) => `X-Drip-${i}: 1\r\n`), 408);
  });

  test('a body dripped slower than the request timeout is cut with 408', async () => {
    assert.equal(await dripUntilCut(head('POST', '/api/v1/auth/login', { 'content-type': 'application/json', 'content-length': 1000 }), () => ' '), 408);
  });

  test('a kept-alive connection idle longer than the headers timeout still serves its next request; it advertises the keep-alive timeout', async () => {
    const connection = await connect(port);
    try {
      connection.write(head('GET', '/api/v1/health'));
      const first = await connection.nextResponse();
      assert.deepEqual([first.status, first.headers['keep-alive']], [200, 'timeout=72']);
      await sleep(2500);
      connection.write(head('GET', '/api/v1/health'));
      assert.equal((await connection.nextResponse()).status, 200);
    } finally {
      connection.socket.destroy();
    }
  });

  test('the defaults: 30 s per request, 10 s for the headers, 72 s keep-alive; a headers timeout above the request timeout is refused', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.requestTimeoutSeconds, defaults.headersTimeoutSeconds, defaults.keepAliveTimeoutSeconds], [30, 10, 72]);
    assert.deepEqual([defaults.statementTimeoutSeconds, defaults.idleInTransactionTimeoutSeconds, defaults.shutdownDeadlineSeconds], [30, 60, 25]);
    assert.throws(() => loadConfig({ DESKBILL_REQUEST_TIMEOUT_SECONDS: '5', DESKBILL_HEADERS_TIMEOUT_SECONDS: '10' }), /must not exceed/);
  });
});

describe('PostgreSQL statement and idle-in-transaction timeouts (issue 10)', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only: set TEST_DATABASE_URL' }, () => {
  let own: Awaited<ReturnType<typeof createTestDatabase>>;
  let timed: Database;
  before(async () => {
    own = await createTestDatabase('postgres');
    timed = await openDatabase({ databaseUrl: own.url, dataDir: null, poolSize: 1, statementTimeoutMs: 500, idleInTransactionTimeoutMs: 1500 });
  });
  after(async () => {
    await timed?.close();
    await own?.drop();
  });

  test('every pooled session has both timeouts, also after migrating (which runs without)', async () => {
    await migrate(timed);
    const show = (name: string) => timed.withSession(async (s) => (await s.query<Record<string, string>>(`SHOW ${name}`))[0]![name]);
    assert.equal(await show('statement_timeout'), '500ms');
    assert.equal(await show('idle_in_transaction_session_timeout'), '1500ms');
  });

  test('a query cancelled by statement_timeout answers 503 STATEMENT_TIMEOUT and changes nothing', async () => {
    const api = await apiAs(timed.db, 'admin');
    const before = ok(await api.get('/customers?limit=500')).items.length;
    const locker = new pg.Client({ connectionString: own.url! });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
      const read = await api.get('/customers');
      assert.deepEqual([read.status, read.body.error.code], [503, 'STATEMENT_TIMEOUT']);
      const write = await api.post('/customers', { name: unique('Timeout Co'), kind: 'company' });
      assert.deepEqual([write.status, write.body.error.code], [503, 'STATEMENT_TIMEOUT']);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
    assert.equal(ok(await api.get('/customers?limit=500')).items.length, before);
  });
});
