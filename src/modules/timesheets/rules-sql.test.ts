// The SQL forms of R12 and R13 (rules-sql.ts) against their TypeScript forms (core/billing-status.ts),
// evaluated by the database on every combination of their inputs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { entryLink, timesheetStatus, type TimesheetStatus } from '../../core/billing-status.ts';
import { openDatabase, queryRows, type Database } from '../../platform/db.ts';
import { testDatabaseKinds } from '../../../test/db.ts';
import { entryLinkSql, timesheetStatusIsSql } from './rules-sql.ts';

const BOOLEANS = [true, false] as const;
const STATUSES: TimesheetStatus[] = ['non_billable', 'unlinked', 'to_invoice', 'invoiced'];

for (const kind of testDatabaseKinds()) {
  describe(`entry rules in SQL and TypeScript [${kind}]`, () => {
    let database: Database;
    before(async () => {
      database = await openDatabase({ databaseUrl: kind === 'postgres' ? process.env.TEST_DATABASE_URL! : null, dataDir: null, poolSize: 1 });
    });
    after(() => database.close());

    test('R13: each SQL status condition holds exactly for the entries timesheetStatus gives that status', async () => {
      const seen = new Set<string>();
      for (const billable of BOOLEANS) {
        for (const saleOrderLineId of [null, '7']) {
          for (const claimed of BOOLEANS) {
            const entry = { billable: sql`${billable}::boolean`, saleOrderLineId: sql`${saleOrderLineId}::bigint`, claimed: sql`${claimed}::boolean` };
            const [row] = await queryRows<Record<TimesheetStatus, boolean>>(database.db, sql`
              SELECT ${sql.join(STATUSES.map((status) => sql`${timesheetStatusIsSql(status, entry)} AS ${sql.identifier(status)}`), sql`, `)}`);
            const expected = timesheetStatus({ billable, saleOrderLineId, claimed });
            assert.deepEqual(STATUSES.filter((status) => row?.[status]), [expected], JSON.stringify({ billable, saleOrderLineId, claimed }));
            seen.add(expected);
          }
        }
      }
      assert.deepEqual([...seen].sort(), [...STATUSES].sort());
    });

    test('R12: the SQL defaults of a new entry and entryLink agree on every input', async () => {
      const link = entryLinkSql({ billable: '$1::boolean', line: '$2::bigint', teamBilling: '$3::boolean', ticketLine: '$4::bigint' });
      const text = `SELECT ${link.billable} AS billable, ${link.saleOrderLineId} AS line, ${link.pinned} AS pinned`;
      let cases = 0;
      for (const billable of [null, ...BOOLEANS]) {
        for (const line of [null, 7]) {
          for (const teamBilling of BOOLEANS) {
            for (const ticketLine of [null, 3]) {
              const [row] = await database.withSession((s) => s.query<{ billable: boolean; line: number | null; pinned: boolean }>(text, [billable, line, teamBilling, ticketLine]));
              const expected = entryLink({ billable, line, teamBilling, ticketLine });
              assert.deepEqual(row && { billable: row.billable, saleOrderLineId: row.line, pinned: row.pinned }, expected, JSON.stringify({ billable, line, teamBilling, ticketLine }));
              cases++;
            }
          }
        }
      }
      assert.equal(cases, 24);
    });
  });
}
