import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { bootstrapAdmin } from '../src/bootstrap.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, pgArray, queryRows } from '../src/platform/db.ts';
import { fromDatabaseError } from '../src/platform/errors.ts';
import { migrate } from '../src/platform/migrate.ts';
import { buildServer } from '../src/server.ts';
import { apiAs } from './api.ts';
import { createTestDatabase, testConfig } from './db.ts';

test('PGlite: a second process on the same data folder is refused with a clear message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-lock-'));
  try {
    const first = await openDatabase({ databaseUrl: null, dataDir: dir });
    assert.equal(readFileSync(join(dir, 'deskbill.lock'), 'utf8'), String(process.pid));
    // Simulate another live process owning the folder: the parent of this process is alive.
    writeFileSync(join(dir, 'deskbill.lock'), String(process.ppid));
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir: dir }), /in use by another Deskbill process/);
    writeFileSync(join(dir, 'deskbill.lock'), String(process.pid));
    await first.close();
    // A lock left by a dead process is taken over.
    writeFileSync(join(dir, 'deskbill.lock'), '2147483646');
    const again = await openDatabase({ databaseUrl: null, dataDir: dir });
    await migrate(again);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrations: several instances starting at once migrate exactly once (advisory lock)', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
  const fresh = await createTestDatabase('postgres');
  try {
    // createTestDatabase already migrated; start three more "instances" at once on the same database.
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: fresh.url, dataDir: null, poolSize: 2 })));
    const applied = await Promise.all(others.map((d) => migrate(d)));
    assert.deepEqual(applied, [[], [], []]);
    const rows = await queryRows<{ n: number; distinct_n: number }>(fresh.database.db, sql`SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct_n FROM schema_migrations`);
    assert.equal(rows[0]!.n, rows[0]!.distinct_n);
    await Promise.all(others.map((d) => d.close()));
  } finally {
    await fresh.drop();
  }
});

test('migrations: racing instances on an empty database apply each file once', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `deskbill_race_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  try {
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), dataDir: null, poolSize: 2 })));
    const applied = await Promise.all(instances.map((d) => migrate(d)));
    assert.equal(applied.filter((a) => a.length > 0).length, 1, 'exactly one instance applied the migrations');
    await Promise.all(instances.map((d) => d.close()));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

test('bootstrap: DESKBILL_ADMIN_EMAIL/PASSWORD create the admin on an empty database only', async () => {
  const fresh = await createTestDatabase('pglite');
  try {
    assert.equal(await bootstrapAdmin(fresh.database.db, 'root@example.test', null), false);
    assert.equal(await bootstrapAdmin(fresh.database.db, 'root@example.test', 'bootstrap password'), true);
    assert.equal(await bootstrapAdmin(fresh.database.db, 'second@example.test', 'bootstrap password'), false);
    const rows = await queryRows<{ email: string; role: string }>(fresh.database.db, sql`SELECT email, role FROM users`);
    assert.deepEqual(rows, [{ email: 'root@example.test', role: 'admin' }]);
  } finally {
    await fresh.drop();
  }
});

test('config: defaults make npm start work; bad numbers are refused', () => {
  const config = loadConfig({});
  assert.deepEqual([config.port, config.dataDir, config.databaseUrl, config.demo], [3000, './data', null, true]);
  assert.equal(loadConfig({ DESKBILL_DEMO: '0' }).demo, false);
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
});

test('pgArray: strings survive the round trip as one array parameter', async () => {
  const fresh = await createTestDatabase('pglite');
  try {
    const values = ['plain', 'a "quoted" word', 'back\\slash', 'NULL', '{braces}, commas', 'Ζωή Дмитрий', ''];
    const rows = await queryRows<{ v: string }>(fresh.database.db, sql`SELECT unnest(${pgArray(values)}::text[]) AS v`);
    assert.deepEqual(rows.map((r) => r.v), values);
  } finally {
    await fresh.drop();
  }
});

test('a database out of reach (restarting, cut, refused) is 503 DATABASE_UNAVAILABLE, not a 500; other errors keep their mapping', () => {
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause });
  for (const error of [
    { code: '57P01', message: 'terminating connection due to administrator command' },
    { code: '57P03', message: 'the database system is starting up' },
    { code: '08006', message: 'connection failure' },
    { code: '25P03', message: 'terminating connection due to idle-in-transaction timeout' },
    new Error('timeout exceeded when trying to connect'),
    wrapped({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }),
    wrapped(new Error('Connection terminated unexpectedly')),
    new Error('Client has encountered a connection error and is not queryable'),
  ]) {
    const mapped = fromDatabaseError(error);
    assert.equal(mapped?.code, 'DATABASE_UNAVAILABLE', JSON.stringify(error));
    assert.equal(mapped?.status, 503);
  }
  assert.equal(fromDatabaseError(wrapped({ code: '23505', message: 'duplicate key' }))?.code, 'CONFLICT');
  assert.equal(fromDatabaseError(new Error('something else')), null);
});

test('every pooled connection busy: a request waits poolWaitMs, then is 503 DATABASE_UNAVAILABLE with Retry-After, not a hang', { timeout: 60_000, skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
  const fresh = await createTestDatabase('postgres');
  const small = await openDatabase({ databaseUrl: fresh.url, dataDir: null, poolSize: 1, poolWaitMs: 300 });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  try {
    const api = await apiAs(fresh.database.db, 'admin', await buildServer(small.db, testConfig()));
    // The one connection is taken by a transaction that waits.
    const holding = small.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      await held;
    });
    const reply = await api.get('/teams');
    assert.equal(reply.status, 503, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, 'DATABASE_UNAVAILABLE');
    assert.equal(reply.headers['retry-after'], '1');
    release();
    await holding;
    assert.equal((await api.get('/teams')).status, 200, 'served again once a connection is free');
  } finally {
    release();
    await small.close();
    await fresh.drop();
  }
});
