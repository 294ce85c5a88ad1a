// Decision 0043, migration 0029: a database with a logo and documents posted before logo versions
// comes out of the migration with the same logo (bytes, type, when it was set) as version 1, and
// its posted documents recorded with that version, so their PDFs look as they did; drafts record
// none (they follow the current logo). On PGlite and PostgreSQL.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getCompanyLogo, getLogoVersion } from '../src/modules/accounts/index.ts';
import { openDatabase, queryRows, type Database } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { createEmptyPostgresDatabase, refusal, testDatabaseKinds } from './db.ts';
import { pngImage } from './images.ts';

const MIGRATIONS = fileURLToPath(new URL('../db/migrations/', import.meta.url));

/** Applies the migrations before `first` as migrate() does, recording them as applied. */
async function migrateBefore(database: Database, first: string): Promise<void> {
  await database.withSession(async (session) => {
    await session.exec('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql') && f < first).sort()) {
      await session.exec(`BEGIN; ${readFileSync(MIGRATIONS + file, 'utf8')}\n; INSERT INTO schema_migrations (name) VALUES ('${file}'); COMMIT;`);
    }
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`logo versions migration [${kind}]`, () => {
    test('R43/R72: the logo set before migration 0029 stays the logo, and documents posted before it keep it; drafts record none', async () => {
      const server = kind === 'postgres' ? await createEmptyPostgresDatabase() : null;
      const database = await openDatabase({ databaseUrl: server?.url ?? null, dataDir: null });
      try {
        const db = database.db;
        await migrateBefore(database, '0029');
        const logo = pngImage(180, 40);
        const setAt = '2026-03-01T09:00:00.000Z';
        await queryRows(db, sql`INSERT INTO company_logos (id, media_type, content, updated_at) VALUES (1, 'image/png', ${logo}, ${setAt})`);
        const [customer] = await queryRows<{ id: number }>(db, sql`INSERT INTO customers (name, kind) VALUES ('Harbor Logistics', 'company') RETURNING id`);
        const [posted] = await queryRows<{ id: number }>(db, sql`
          INSERT INTO invoices (kind, state, number, customer_id, currency, invoice_date, due_date, customer_name, company_name, posted_at)
          VALUES ('invoice', 'posted', 'INV/2026/00001', ${customer!.id}, 'EUR', '2026-03-02', '2026-04-01', 'Harbor Logistics', 'Deskbill', now()) RETURNING id`);
        const [draft] = await queryRows<{ id: number }>(db, sql`INSERT INTO invoices (kind, customer_id, currency) VALUES ('invoice', ${customer!.id}, 'EUR') RETURNING id`);

        assert.equal((await migrate(database))[0], '0029_logo_versions.sql', 'the migration under test runs first (later ones after it)');

        const current = await getCompanyLogo(db);
        assert.ok(current);
        assert.deepEqual([current.mediaType, current.content, current.updatedAt.toISOString()], ['image/png', logo, setAt], 'the same logo, set when it was');
        const rows = await queryRows<{ id: number; company_logo_id: number | null }>(db, sql`SELECT id, company_logo_id FROM invoices ORDER BY id`);
        assert.deepEqual(rows.map((r) => [Number(r.id), r.company_logo_id === null ? null : Number(r.company_logo_id)]), [[Number(posted!.id), current.versionId], [Number(draft!.id), null]]);
        assert.deepEqual((await getLogoVersion(db, current.versionId))?.content, logo);
        assert.deepEqual(await refusal(queryRows(db, sql`UPDATE invoices SET company_logo_id = NULL WHERE id = ${posted!.id}`)), { code: 'P0001', hint: 'INVOICE_POSTED' }, 'the freeze is back on');
        const audited = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_events WHERE object_type = 'invoice' AND action <> 'created'`);
        assert.equal(audited[0]!.n, 0, 'the backfill wrote no audit rows');
      } finally {
        await database.close();
        await server?.drop();
      }
    });
  });
}
