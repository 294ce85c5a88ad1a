import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { isDatabaseUnavailable } from './errors.ts';
import { currentActorId, currentRequestTransaction, runInTransactionContext } from './request-context.ts';

/** The one query interface the modules use, whatever the driver. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Either the database or an open transaction: use cases take this so callers can compose them. */
export type Executor = Db | Tx;

/** A raw connection for the migrator (it needs one session for its advisory lock). */
export interface RawSession {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs `fn` on one dedicated session (a pooled client, or PGlite's only one). */
  withSession<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when null, PGlite is used. */
  databaseUrl: string | null;
  /** PGlite data folder; `null` keeps it in memory (tests). */
  dataDir: string | null;
  poolSize?: number;
  /**
   * PostgreSQL only (decision 0023): a statement running longer is cancelled (57014, answered 503
   * STATEMENT_TIMEOUT), and a session idle inside a transaction this long is ended by the server.
   * Milliseconds; absent or 0: none. PGlite has one session in this process and no such timeouts.
   */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /**
   * PostgreSQL only: how long a request waits for a connection of the pool (all in use, or the
   * server slow to accept one) before it is answered 503 DATABASE_UNAVAILABLE instead of waiting
   * for ever. Milliseconds; default 10,000.
   */
  poolWaitMs?: number;
}

const LOCK_FILE = 'deskbill.lock';

const INT8_OID = 20;

/**
 * int8 (bigint ids, counts, sums of minutes) as a JavaScript number from both drivers, so raw SQL
 * needs no `::int` cast (which would fail on ids past 2^31). Ids stay below 2^53 (decision 0001):
 * a value beyond it is refused rather than silently rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond 2^53`);
  return value;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder corrupt it. Take a lock file with
 * O_EXCL; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The data folder ${dir} is in use by another Deskbill process (pid ${owner}). ` +
            'Stop it first, or set DATA_DIR to another folder, or use DATABASE_URL to share a PostgreSQL server.',
          { cause: error },
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dir}`);
}

/**
 * PGlite's PostgreSQL keeps its shared buffers in the WebAssembly heap, which never shrinks: the
 * default 128MB cost ~100 MB of resident memory for an embedded database whose pages the operating
 * system caches anyway. 16MB keeps the bench's server near 330 MB at 200,000 entries instead of
 * 460 MB, at the same speed (decision 0021).
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * The database handle the application holds: inside a request that runs in one transaction
 * (request-context.ts), every use of it goes to that transaction (nested `inTransaction` calls
 * become savepoints); everywhere else it is the database itself.
 */
function requestScoped(db: Db): Db {
  const current = (): object => (currentRequestTransaction() as object | null) ?? db;
  return new Proxy(db, {
    get(_target, property) {
      const source = current();
      const value: unknown = Reflect.get(source, property);
      return typeof value === 'function' ? value.bind(source) : value;
    },
    has: (_target, property) => Reflect.has(current(), property),
  });
}

/** Opens PGlite (in `dataDir`, or in memory) or a PostgreSQL pool when `databaseUrl` is set. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Process-wide: Drizzle's node-postgres session falls back to the global parsers for every type it does not map itself.
    pg.types.setTypeParser(INT8_OID, parseInt8);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.poolWaitMs ?? 10_000,
      // Sent with each new connection: every session of the pool has them from its start.
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    });
    pool.on('error', () => {
      /* an idle client died (server restart); the pool replaces it */
    });
    // A client in use whose connection ends between two queries (PostgreSQL restarting, a backend
    // terminated while a keyed request waits for its handler) emits 'error' with no pool listener
    // attached, which would crash the process. Its next query fails instead (503
    // DATABASE_UNAVAILABLE), and the pool drops it when it is released (it is no longer queryable).
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = requestScoped(drizzlePg(pool) as unknown as Db);
    return {
      db,
      kind: 'postgres',
      async withSession(fn) {
        const client = await pool.connect();
        try {
          return await fn({
            exec: async (sql) => {
              await client.query(sql);
            },
            query: async (sql, params) => (await client.query(sql, params)).rows,
          });
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let client: PGlite;
  try {
    const pgliteOptions = { parsers: { [INT8_OID]: parseInt8 }, startParams: PGLITE_START_PARAMS };
    client = options.dataDir ? await PGlite.create(options.dataDir, pgliteOptions) : await PGlite.create(pgliteOptions);
  } catch (error) {
    unlock();
    throw error;
  }
  const db = requestScoped(drizzlePglite(client) as unknown as Db);
  let closed = false;
  return {
    db,
    kind: 'pglite',
    withSession: (fn) =>
      fn({
        exec: async (sql) => {
          await client.exec(sql);
        },
        query: async (sql, params) => (await client.query(sql, params)).rows as never[],
      }),
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      unlock();
    },
  };
}

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code ?? e?.cause?.code;
}

/**
 * Runs `fn` in one transaction (a savepoint when `db` is already a transaction). Deadlocks and
 * serialization failures are retried a few times: they mean "try again", not "bad input". The
 * current request's user is recorded as the transaction's actor for the audit trail.
 */
export async function inTransaction<T>(db: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const nested = 'rollback' in db;
  const actor = currentActorId();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        // Who is acting, for the audit triggers (transaction-local; a nested call inherits it).
        if (actor !== null && !nested) await tx.execute(sql`SELECT set_config('deskbill.actor', ${String(actor)}, true)`);
        return fn(tx);
      });
    } catch (error) {
      const state = sqlState(error);
      const retryable = state === '40P01' || state === '40001';
      if (!retryable || attempt >= 5 || nested) throw error;
    }
  }
}

/**
 * Runs `fn` in one transaction that every statement made through the database handle `db` joins
 * while `fn` runs, those of use cases taking `db` included (their own transactions become
 * savepoints): all of it commits, or none. For work that calls many use cases and must not be left
 * half done, like the first start's demo data (bootstrap.ts). `db` is the handle `openDatabase`
 * answers.
 */
export function inOneTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, (tx) => runInTransactionContext(tx, () => fn(tx)));
}

/** `q` with LIKE's wildcards and escape character (the backslash) escaped. */
const likeEscaped = (q: string) => q.replace(/[\\%_]/g, '\\$&');

/**
 * The ILIKE pattern of a search for `q` anywhere in a text: `%`, `_` and `\` in `q` are matched as
 * themselves (escaped with LIKE's default escape, the backslash), so "100%" finds "100%", not
 * every text with "100" in it.
 */
export function containing(q: string): string {
  return `%${likeEscaped(q)}%`;
}

/** The ILIKE pattern of a text starting with `q`, escaped like `containing`. */
export function startingWith(q: string): string {
  return `${likeEscaped(q)}%`;
}

/**
 * Waits until the database answers, for at most `seconds`: a server started with its PostgreSQL
 * (docker compose, a restart of both) waits for it instead of exiting at once. Only "cannot be
 * reached" is waited for (refused, starting up, shutting down); any other error is thrown at once,
 * and so is the last one when the time is up.
 */
export async function waitForDatabase(database: Database, seconds: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await database.db.execute(sql`SELECT 1`);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Drizzle wraps the driver's error ("Failed query: …"): the reason is its cause.
      let reason = error as { message?: string; cause?: unknown };
      while (reason.cause) reason = reason.cause as typeof reason;
      if (Date.now() >= deadline) throw new Error(`The database could not be reached within ${seconds} s (DESKBILL_DATABASE_WAIT_SECONDS): ${reason.message}`, { cause: error });
      if (attempt === 1) log(`Waiting for the database (at most ${seconds} s, DESKBILL_DATABASE_WAIT_SECONDS): ${reason.message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A timestamp read as `::text` (both drivers agree on text) as ISO 8601 UTC; null stays null. */
export function isoTimestamp(text: string | null): string | null {
  return text === null ? null : new Date(text).toISOString();
}

/** Runs a raw SQL query and returns its rows (both drivers answer `{rows}`; int8 arrives as a number). Cast dates and timestamps to `::text`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** What runs a statement: the pool (or a transaction's connection) on PostgreSQL, PGlite (or its transaction). */
type StatementClient = pg.Pool | pg.Client | { query(text: string, params: unknown[]): Promise<{ rows?: unknown[] }> };

function statementClient(db: Executor): StatementClient {
  // A database holds its driver client as `$client`; a Drizzle transaction, its session's client.
  if ('$client' in db) return (db as unknown as { $client: StatementClient }).$client;
  return (db as unknown as { session: { client: StatementClient } }).session.client;
}

/**
 * Runs one statement as a named prepared statement on PostgreSQL (parsed and planned once per
 * connection, then only executed), or directly on PGlite; in or outside a transaction. For the hot
 * paths (auth, logging time, the order view), whose planning cost more than their execution.
 * Cast in SQL what drivers parse differently: `::text` for dates and timestamps.
 */
export async function preparedRows<T>(db: Executor, name: string, text: string, params: unknown[]): Promise<T[]> {
  const client = statementClient(db);
  if (client instanceof pg.Pool || client instanceof pg.Client) return (await client.query({ name, text, values: params })).rows as T[];
  return ((await client.query(text, params)).rows ?? []) as T[];
}

const dialect = new PgDialect();

/**
 * The text of a statement built once from Drizzle fragments, for `preparedRows`: its parameters
 * are written as `$1`, `$2`… in the template's text, never as interpolated values.
 */
export function statementText(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (params.length > 0) throw new Error('statementText: write parameters as $1, $2… in the text, not as values');
  return text;
}

/**
 * A PostgreSQL array literal for one bound parameter (`${pgArray(ids)}::bigint[]`): Drizzle would
 * expand a JS array into a list of parameters. Strings are quoted and escaped.
 */
export function pgArray(values: ReadonlyArray<string | number>): string {
  const items = values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${items.join(',')}}`;
}

/** True when an update's values set at least one column (Drizzle refuses an UPDATE with none). */
export function setsAnything(values: object): boolean {
  return Object.values(values).some((v) => v !== undefined);
}
