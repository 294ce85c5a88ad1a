import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where the bench runs: a fresh database on the PostgreSQL server of DATABASE_URL, or a PGlite folder. */
export interface Target {
  kind: 'postgres' | 'pglite';
  /** The bench database's URL (PostgreSQL only). */
  url: string | null;
  /** The PGlite data folder (PGlite only). */
  dataDir: string | null;
  /** A temporary folder of the run, deleted at the end. */
  tempDir: string;
  label: string;
  /** Drops the database / deletes the folder; safe to call twice. */
  destroy(): Promise<void>;
}

async function onServer(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates the bench's own database (`deskbill_bench_<random>`) or temporary PGlite folder. */
export async function createTarget(adminUrl: string | null): Promise<Target> {
  const tempDir = mkdtempSync(join(tmpdir(), 'deskbill-bench-'));
  const removeTemp = () => rmSync(tempDir, { recursive: true, force: true });
  if (!adminUrl) {
    let done = false;
    return {
      kind: 'pglite', url: null, dataDir: join(tempDir, 'data'), tempDir, label: `PGlite in ${join(tempDir, 'data')}`,
      async destroy() {
        if (done) return;
        done = true;
        removeTemp();
      },
    };
  }
  const name = `deskbill_bench_${randomBytes(6).toString('hex')}`;
  try {
    await onServer(adminUrl, `CREATE DATABASE ${name}`);
  } catch (error) {
    removeTemp();
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let done = false;
  return {
    kind: 'postgres', url: url.toString(), dataDir: null, tempDir, label: `PostgreSQL database ${name} on ${url.host}`,
    async destroy() {
      if (done) return;
      done = true;
      try {
        await onServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        removeTemp();
      }
    },
  };
}
