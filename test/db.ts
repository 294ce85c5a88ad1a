import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe } from 'node:test';
import pg from 'pg';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { openDatabase, type Database, type Executor } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { checkBillingInvariants } from './invariants.ts';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** A fresh, migrated database (PGlite in memory, or a new database on the test server). */
  database: Database;
  /** For PostgreSQL: the URL of this test's database (to open more sessions). */
  url: string | null;
}

/** The databases the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): Array<'pglite' | 'postgres'> {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Creates a fresh migrated database of that kind; `drop` removes it. */
export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase & { drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ databaseUrl: null, dataDir: null });
    await migrate(database);
    return { kind, database, url: null, drop: () => database.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const database = await openDatabase({ databaseUrl: empty.url, dataDir: null, poolSize: 10 });
  await migrate(database);
  return {
    kind,
    database,
    url: empty.url,
    async drop() {
      await database.close();
      await empty.drop();
    },
  };
}

/** A new, empty database (not migrated) on the TEST_DATABASE_URL server: its URL, and `drop` (which ends its sessions). */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new URL(process.env.TEST_DATABASE_URL!);
  const name = `deskbill_t_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A config for tests: silent logs, no web folder. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // No outbox worker: a test delivers with `app.outbox.runDue()` when it wants to see a delivery.
  return { ...loadConfig({}), logLevel: 'silent', webDir: '/nonexistent', outboxWorker: false, ...overrides };
}

/**
 * Checks the billing invariants (test/invariants.ts) on the suite's database after each of its
 * tests; `database` answers null while the suite has none (its before() hook failed).
 */
export function checkInvariantsAfterEach(database: () => Executor | null | undefined): void {
  afterEach(async () => {
    const db = database();
    if (db) await checkBillingInvariants(db);
  });
}

/**
 * Declares a suite once per database kind, with a fresh database for the suite:
 * `forEachDatabase('invoicing', (ctx) => { test(...ctx.db...) })`. The billing invariants are
 * checked after every test of the suite.
 */
export function forEachDatabase(name: string, body: (ctx: { readonly t: TestDatabase }) => void): void {
  for (const kind of testDatabaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let current: (TestDatabase & { drop(): Promise<void> }) | null = null;
      const ctx = {
        get t(): TestDatabase {
          if (!current) throw new Error('database not ready');
          return current;
        },
      };
      before(async () => {
        current = await createTestDatabase(kind);
      });
      after(async () => {
        await current?.drop();
      });
      checkInvariantsAfterEach(() => current?.database.db);
      body(ctx);
    });
  }
}

/** The PostgreSQL error code and hint a statement is refused with (Drizzle wraps the driver's error). */
export async function refusal(statement: Promise<unknown>): Promise<{ code: string | undefined; hint: string | undefined }> {
  try {
    await statement;
  } catch (error) {
    const e = error as { code?: string; hint?: string; cause?: { code?: string; hint?: string } };
    const source = e.code ? e : (e.cause ?? {});
    return { code: source.code, hint: source.hint };
  }
  assert.fail('the database accepted the statement');
}
