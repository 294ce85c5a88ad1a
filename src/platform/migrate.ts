import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
/** Arbitrary constant naming Deskbill's migration lock among advisory locks. */
const MIGRATION_LOCK = 7_340_211;

/**
 * Applies the SQL files of db/migrations in name order, each in its own transaction, under a
 * session advisory lock so several instances starting at once migrate exactly once.
 * Returns the names applied by this call.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  return database.withSession(async (session) => {
    // A migration (or the wait for another instance's) may take longer than the pool's statement
    // timeout (decision 0023): none for this session until it goes back to the pool.
    await session.exec('SET statement_timeout = 0');
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set(
        (await session.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
      );
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = readFileSync(MIGRATIONS_DIR + file, 'utf8');
        await session.exec('BEGIN');
        try {
          await session.exec(sql);
          await session.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
          await session.exec('COMMIT');
        } catch (error) {
          await session.exec('ROLLBACK');
          throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(file);
      }
      return applied;
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await session.exec('RESET statement_timeout');
    }
  });
}

/**
 * Takes the migrations' advisory lock until the end of transaction `tx`: what runs after the
 * migrations on first start (bootstrap.ts) waits for a migration or a first start running in
 * another instance, and they for it.
 */
export async function holdMigrationLock(tx: Tx): Promise<void> {
  // Waiting for another instance's first start, and the demo load, may outlast a server's statement timeout.
  await tx.execute(sql`SET LOCAL statement_timeout = 0`);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
}
