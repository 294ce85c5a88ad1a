// Issue 10: several instances may start at once on one PostgreSQL database (README), and a start
// killed while it loads the demo leaves all of it or none. The production server (build/cli.js)
// runs as child processes on an empty database of their own.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.ts';
import { openDatabase, queryRows, type Executor } from '../src/platform/db.ts';
import { createEmptyPostgresDatabase, createTestDatabase } from './db.ts';
import { checkBillingInvariants } from './invariants.ts';
import { freePort } from './e2e/ports.ts';
import { buildServer, startServerProcess, stopAll } from './server-process.ts';

/** The demo's rows, table by table; what a single seeding writes. */
const DEMO_TABLES = ['users', 'teams', 'customers', 'products', 'sale_orders', 'sale_order_lines', 'tickets', 'timesheets', 'invoices', 'invoice_lines'];
const countsQuery = `SELECT ${DEMO_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')},
  (SELECT count(*) FROM users WHERE role = 'admin') AS admins`;

type Counts = Record<string, number>;

async function countsOf(url: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(countsQuery);
    return Object.fromEntries(Object.entries(rows[0] as Record<string, string>).map(([k, v]) => [k, Number(v)]));
  } finally {
    await client.end();
  }
}

async function countsIn(db: Executor): Promise<Counts> {
  const [row] = await queryRows<Record<string, number>>(db, sql.raw(countsQuery));
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

const postgres = Boolean(process.env.TEST_DATABASE_URL);

describe('starting on an empty PostgreSQL database (issue 10)', { skip: !postgres && 'needs TEST_DATABASE_URL' }, () => {
  let single: Counts;
  const drops: Array<() => Promise<void>> = [];
  const emptyDatabase = async () => {
    const created = await createEmptyPostgresDatabase();
    drops.push(created.drop);
    return created.url;
  };

  before(async () => {
    buildServer();
    // What one seeding writes, for comparison (the same demo, on an embedded database in memory).
    const reference = await createTestDatabase('pglite');
    try {
      await seedDemo(reference.database.db);
      single = await countsIn(reference.database.db);
    } finally {
      await reference.drop();
    }
  });
  after(async () => {
    await stopAll();
    for (const drop of drops) await drop();
  });

  test('two instances started at once with the demo: both serve, one admin, one demo', async () => {
    const url = await emptyDatabase();
    const servers = await Promise.all([startServerProcess({ DATABASE_URL: url, DESKBILL_DEMO: '1' }), startServerProcess({ DATABASE_URL: url, DESKBILL_DEMO: '1' })]);
    try {
      await Promise.all(servers.map((s) => s.up()));
      const counts = await countsOf(url);
      assert.deepEqual(counts, single);
      assert.equal(counts.admins, 1);
      const seeded = servers.filter((s) => s.output().includes('First start: loading demo data'));
      assert.equal(seeded.length, 1, servers.map((s) => s.output()).join('\n---\n'));
      const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 2 });
      try {
        await checkBillingInvariants(database.db);
      } finally {
        await database.close();
      }
    } finally {
      await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    }
  });

  test('two instances started at once with DESKBILL_ADMIN_EMAIL: both serve, exactly one admin', async () => {
    const url = await emptyDatabase();
    const env = { DATABASE_URL: url, DESKBILL_ADMIN_EMAIL: 'root@example.test', DESKBILL_ADMIN_PASSWORD: 'bootstrap password' };
    const servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    try {
      await Promise.all(servers.map((s) => s.up()));
      const counts = await countsOf(url);
      assert.deepEqual([counts.users, counts.admins, counts.customers], [1, 1, 0]);
      assert.equal(servers.filter((s) => s.output().includes('Created the admin root@example.test')).length, 1);
    } finally {
      await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    }
  });

  test('a start killed while it loads the demo leaves none of it; the next start loads all of it', async () => {
    const url = await emptyDatabase();
    const first = await startServerProcess({ DATABASE_URL: url, DESKBILL_DEMO: '1' });
    try {
      while (!first.output().includes('First start: loading demo data')) {
        if (await Promise.race([first.exited.then(() => true), sleep(50).then(() => false)])) assert.fail(`the first start ended:\n${first.output()}`);
      }
      await sleep(1500);
    } finally {
      await first.kill('SIGKILL');
    }
    const afterKill = await countsOf(url);
    if (afterKill.users !== 0) assert.deepEqual(afterKill, single, 'the seeding was killed midway and left part of the demo');
    const second = await startServerProcess({ DATABASE_URL: url, DESKBILL_DEMO: '1' });
    try {
      await second.up();
      assert.deepEqual(await countsOf(url), single);
    } finally {
      await second.kill('SIGTERM');
    }
  });

  test('PostgreSQL not answering yet: the start waits for it (DESKBILL_DATABASE_WAIT_SECONDS), then serves; gives up with the reason after the wait', async () => {
    const url = new URL(await emptyDatabase());
    const target = { host: url.hostname, port: Number(url.port || 5432) };
    // A port that refuses connections for 2 s, then forwards them to the real server: a database starting after the app.
    const port = await freePort();
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const forwarder = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    const late = sleep(2000).then(() => new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve)));
    try {
      const waiting = await startServerProcess({ DATABASE_URL: url.toString(), DESKBILL_DATABASE_WAIT_SECONDS: '60', DESKBILL_ADMIN_EMAIL: 'wait@example.test', DESKBILL_ADMIN_PASSWORD: 'waiting-admin-password' });
      await waiting.up();
      await late;
      assert.match(waiting.output(), /Waiting for the database \(at most 60 s/);
      assert.equal((await countsOf(url.toString())).admins, 1);
      await waiting.kill('SIGTERM');

      const closed = new URL(url.toString());
      closed.port = String(await freePort());
      const giving = await startServerProcess({ DATABASE_URL: closed.toString(), DESKBILL_DATABASE_WAIT_SECONDS: '1' });
      assert.equal(await giving.exited, 1, giving.output());
      assert.match(giving.output(), /Waiting for the database[\s\S]*could not be reached within 1 s \(DESKBILL_DATABASE_WAIT_SECONDS\): connect ECONNREFUSED/);
    } finally {
      await late.catch(() => {});
      await new Promise((resolve) => forwarder.close(resolve));
    }
  });
});
