// Issue 10: Idempotency-Key on POST, on PGlite and PostgreSQL, through the real HTTP stack.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../src/platform/db.ts';
import { createApiToken } from '../src/modules/accounts/index.ts';
import { buildServer } from '../src/server.ts';
import { ApiClient, apiAs, ok } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { createBillingSetup } from './factories.ts';

forEachDatabase('idempotency keys (issue 10)', (ctx) => {
  let api: ApiClient & { userId: string };
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });
  const count = async (table: 'timesheets' | 'invoices') =>
    Number((await queryRows<{ n: number }>(ctx.t.database.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`))[0]!.n);
  const withKey = (key: string) => ({ 'idempotency-key': key });

  test('the same key sent again returns the stored answer, marked as a replay, and logs the time once', async () => {
    const setup = await createBillingSetup(api);
    const key = randomUUID();
    const body = { date: '2026-11-02', minutes: 45, description: 'Restore test' };
    const before = await count('timesheets');
    const first = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key));
    assert.equal(first.status, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key));
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(await count('timesheets'), before + 1);
    const other = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(randomUUID()));
    assert.equal(other.status, 201, 'another key is another request');
    assert.equal(await count('timesheets'), before + 2);
  });

  test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED and changes nothing; a malformed key is 400', async () => {
    const setup = await createBillingSetup(api);
    const key = randomUUID();
    ok(await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 30 }, withKey(key)));
    const before = await count('timesheets');
    const reused = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 31 }, withKey(key));
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    for (const bad of ['', ' spaced key ', 'x'.repeat(256), 'clé']) {
      const refused = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 30 }, withKey(bad));
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.equal(refused.body.error.code, 'VALIDATION_FAILED');
    }
    assert.equal(await count('timesheets'), before);
  });

  test('a key is the caller\'s own: another user with the same key does their own work', async () => {
    const setup = await createBillingSetup(api);
    const manager = await apiAs(ctx.t.database.db, 'manager');
    const key = randomUUID();
    const body = { date: '2026-11-02', minutes: 20 };
    const mine = ok(await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key)));
    const theirs = ok(await manager.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key)));
    assert.notEqual(mine.id, theirs.id);
  });

  test('R40/R43: creating and posting an invoice with keys: a retry gets the same invoice and number; a refusal is stored, a conflict is not', async () => {
    const setup = await createBillingSetup(api);
    ok(await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 90 }));
    const key = randomUUID();
    const invoices = await count('invoices');
    const created = ok(await api.call('POST', `/sale-orders/${setup.order.id}/invoices`, { post: true }, withKey(key)));
    const replay = await api.call('POST', `/sale-orders/${setup.order.id}/invoices`, { post: true }, withKey(key));
    assert.deepEqual([replay.status, replay.body.id, replay.body.number], [201, created.id, created.number]);
    assert.equal(await count('invoices'), invoices + 1);

    // A 409 (nothing to invoice now) depends on the moment: not stored, the same key may succeed later.
    const later = randomUUID();
    const nothing = await api.call('POST', `/sale-orders/${setup.order.id}/invoices`, {}, withKey(later));
    assert.equal(nothing.status, 409);
    ok(await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-03', minutes: 30 }));
    assert.equal((await api.call('POST', `/sale-orders/${setup.order.id}/invoices`, {}, withKey(later))).status, 201);

    // A 404 does not: it is stored and replayed.
    const missing = randomUUID();
    assert.equal((await api.call('POST', '/sale-orders/999999/invoices', {}, withKey(missing))).status, 404);
    const again = await api.call('POST', '/sale-orders/999999/invoices', {}, withKey(missing));
    assert.deepEqual([again.status, again.headers['idempotent-replayed']], [404, 'true']);
  });

  test('a request refused by validation, before its handler, stores no answer', async () => {
    const setup = await createBillingSetup(api);
    const key = randomUUID();
    const before = await count('timesheets');
    // R1: zero minutes are refused by the request's validation, before any work.
    const refused = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 0 }, withKey(key));
    assert.equal(refused.status, 400);
    assert.equal(await count('timesheets'), before);
    const stored = await queryRows<{ status: number }>(ctx.t.database.db, sql`SELECT status FROM idempotency_keys WHERE key = ${key}`);
    assert.deepEqual(stored, [], 'a request refused before its handler stores no answer');
  });

  test('concurrent requests with one key: one does the work, the others answer 409 IN_PROGRESS or replay it', async () => {
    const setup = await createBillingSetup(api);
    const key = randomUUID();
    const before = await count('timesheets');
    const replies = await Promise.all(Array.from({ length: 6 }, () =>
      api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 15 }, withKey(key))));
    const statuses = replies.map((r) => r.status).sort();
    assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join(','));
    assert.ok(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'IDEMPOTENCY_KEY_IN_PROGRESS'));
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
    assert.equal(ids.size, 1, 'every success is the same entry');
    assert.equal(await count('timesheets'), before + 1);
  });

  test('two instances on one PostgreSQL: the same key sent to both at once is done once', async (t) => {
    if (ctx.t.kind !== 'postgres') return t.skip('two instances share a database only on PostgreSQL');
    const setup = await createBillingSetup(api);
    const { token } = await createApiToken(ctx.t.database.db, Number(api.userId), 'second instance');
    const second = await buildServer(ctx.t.database.db, testConfig());
    try {
      const clients = [new ApiClient(api.app, token), new ApiClient(second, token)];
      for (let round = 0; round < 5; round++) {
        const key = randomUUID();
        const before = await count('timesheets');
        const replies = await Promise.all([0, 1, 0, 1].map((i) =>
          clients[i]!.call('POST', `/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 10 + round }, withKey(key))));
        assert.ok(replies.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'IDEMPOTENCY_KEY_IN_PROGRESS')), replies.map((r) => r.status).join(','));
        assert.equal(new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id)).size, 1);
        assert.equal(await count('timesheets'), before + 1, `round ${round}: one entry`);
      }
    } finally {
      await second.close();
    }
  });

  test('PostgreSQL cutting the connection mid-request (a restart) answers 503 with Retry-After and does nothing; the retry with the key does it once', async (t) => {
    if (ctx.t.kind !== 'postgres') return t.skip('PGlite has no connection to cut');
    const setup = await createBillingSetup(api);
    const key = randomUUID();
    const body = { date: '2026-11-02', minutes: 35, description: 'cut mid-request' };
    const before = await count('timesheets');
    // Hold the ticket so the keyed request waits inside its transaction, then end its backend as a fast shutdown does.
    const holder = new pg.Client({ connectionString: ctx.t.url! });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [setup.ticket.id]);
      const pending = api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key));
      let waiting: number | undefined;
      for (let i = 0; i < 200 && waiting === undefined; i++) {
        const { rows } = await holder.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
        waiting = rows[0]?.pid;
        if (waiting === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(waiting, 'the keyed request waits for the ticket');
      await holder.query('SELECT pg_terminate_backend($1)', [waiting]);
      const cut = await pending;
      assert.equal(cut.status, 503, JSON.stringify(cut.body));
      assert.equal(cut.body.error?.code, 'DATABASE_UNAVAILABLE', JSON.stringify(cut.body));
      assert.equal(cut.headers['retry-after'], '1');
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    assert.equal(await count('timesheets'), before, 'the cut request did nothing');
    const retry = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key));
    assert.equal(retry.status, 201);
    assert.equal(retry.headers['idempotent-replayed'], undefined, 'nothing was stored for the cut request');
    const again = await api.call('POST', `/tickets/${setup.ticket.id}/timesheets`, body, withKey(key));
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(await count('timesheets'), before + 1);
  });

  test('requests without a key are untouched, and keys on GET are ignored', async () => {
    const setup = await createBillingSetup(api);
    const read = await api.call('GET', `/tickets/${setup.ticket.id}`, undefined, withKey('ignored'));
    assert.equal(read.status, 200);
    assert.equal(read.headers['idempotent-replayed'], undefined);
  });
});
