// Billing invariants (spec §6), checked with raw SQL against whatever the use cases left behind,
// on PGlite and PostgreSQL alike: `checkInvariantsAfterEach` (test/db.ts) runs them after every
// test of a database suite; a test that races sessions also calls them between its rounds. The
// checks are the product's own (service-billing/integrity.ts), which `npm run cli -- check` runs.
import assert from 'node:assert/strict';
import { checkIntegrity } from '../src/modules/service-billing/index.ts';
import type { Executor } from '../src/platform/db.ts';

/**
 * Asserts every billing invariant on the whole database: claims and credit claims consistent with
 * their entries, each entry billed at most once (R41, R15, R44); per `timesheets` sale line,
 * billable = claimed + unclaimed and qtyInvoiced = q(claimed minutes) (R5, R31); posted numbers
 * 1..n per series and year (R43); document totals and line amounts (R4); the sums and counts the
 * database keeps (timesheet_sums, team_ticket_counts) equal to the rows they count.
 */
export async function checkBillingInvariants(db: Executor): Promise<void> {
  const { violations } = await checkIntegrity(db, { strandedAfterHours: 24 });
  assert.deepEqual(violations, [], `billing invariants broken:\n${violations.map((v) => `${v.rule}: ${v.invariant}`).join('\n')}`);
}
