import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { checkIntegrity, type Violation } from '../src/modules/service-billing/index.ts';
import { inTransaction, openDatabase, queryRows } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';

const run = promisify(execFile);
class Rollback extends Error {}

/** Runs `npm run cli -- check` (the TypeScript source) against a database; returns its exit code and output. */
async function cliCheck(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const cli = new URL('../src/cli.ts', import.meta.url).pathname;
  const base = { PATH: process.env.PATH ?? '', TZ: 'UTC', DESKBILL_DEMO: '0' };
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'check'], { env: { ...base, ...env } });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

forEachDatabase('integrity checker (issue 10)', (ctx) => {
  let api: ApiClient;
  let entries: Array<{ id: string }>;
  let invoiceId: string;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
    const setup = await createBillingSetup(api);
    entries = await logMinutes(api, setup.ticket.id, [60, 45, 30]);
    invoiceId = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {})).id;
    ok(await api.post(`/invoices/${invoiceId}/post`, {}));
    await logMinutes(api, setup.ticket.id, [15]);
  });

  /** The violations found once `statements` ran with the database's triggers off; then all is rolled back. */
  async function violationsAfter(...statements: SQL[]): Promise<Violation[]> {
    let found: Violation[] = [];
    await assert.rejects(inTransaction(ctx.t.database.db, async (tx) => {
      await queryRows(tx, sql`SET LOCAL session_replication_role = replica`);
      for (const statement of statements) await queryRows(tx, statement);
      found = (await checkIntegrity(tx, { strandedAfterHours: 24 })).violations;
      throw new Rollback();
    }), Rollback);
    return found;
  }
  const invariantsOf = (violations: Violation[]) => violations.map((v) => `${v.rule}: ${v.invariant}`);

  test('a database the use cases wrote breaks no invariant', async () => {
    assert.deepEqual((await checkIntegrity(ctx.t.database.db, { strandedAfterHours: 24 })).violations, []);
  });

  test('R41/R44: a posted invoice whose claim is dropped behind the guards\' back: its entry counts as billed once yet is to invoice again', async () => {
    const found = invariantsOf(await violationsAfter(sql`DELETE FROM timesheet_claims WHERE timesheet_id = ${Number(entries[0]!.id)}`));
    assert.ok(found.some((f) => f.startsWith('R41/R44: each entry is billed at most once')), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('R30/R13: timesheet_sums')), 'the kept sums no longer match either');
    assert.ok(found.some((f) => f.startsWith('R5/R31')), 'and the line is invoiced for minutes no longer claimed');
  });

  test('R4: a document total, a line amount; R43: a gap in the numbers, a counter off', async () => {
    const id = Number(invoiceId);
    assert.deepEqual(invariantsOf(await violationsAfter(sql`UPDATE invoices SET amount_total = amount_total + 1 WHERE id = ${id}`)),
      ['R4: a document\'s totals are the sums of its lines: untaxed + tax = total']);
    assert.deepEqual(invariantsOf(await violationsAfter(sql`UPDATE invoice_lines SET subtotal = subtotal + 1, tax_amount = tax_amount WHERE invoice_id = ${id}`)), [
      'R4: a document\'s totals are the sums of its lines: untaxed + tax = total',
      'R4: an invoice line\'s subtotal and tax follow from its quantity, unit price and tax rate',
    ]);
    const found = invariantsOf(await violationsAfter(sql`UPDATE invoices SET number = regexp_replace(number, '[0-9]{5}$', '00002') WHERE id = ${id}`));
    assert.deepEqual(found, ['R43: the numbers of each series and year are 1..n without gaps or duplicates']);
    assert.deepEqual(invariantsOf(await violationsAfter(sql`UPDATE document_sequences SET last_number = last_number + 1`)),
      ['R43: each series counter stands at the number of documents posted in it (a rolled-back post gave its number back)']);
  });

  test('R20/R76: billable time on a line made manual behind the guards\' back (as a route could before R76\'s fix) is named', async () => {
    const [entry] = await queryRows<{ line: number }>(ctx.t.database.db, sql`SELECT sale_order_line_id AS line FROM timesheets WHERE id = ${Number(entries[0]!.id)}`);
    const found = await violationsAfter(sql`UPDATE sale_order_lines SET invoicing_policy = 'manual' WHERE id = ${entry!.line}`);
    const named = found.find((v) => v.rule === 'R20/R76');
    assert.ok(named, invariantsOf(found).join('\n'));
    assert.deepEqual(named.rows.map((r: any) => [r.line_id, r.invoicing_policy]), Array.from({ length: 4 }, () => [String(entry!.line), 'manual']), 'the four entries of the line');
  });

  test('issue 9: the sums and counts the database keeps are compared with the rows they count', async () => {
    assert.deepEqual(invariantsOf(await violationsAfter(sql`UPDATE timesheet_sums SET to_invoice_minutes = to_invoice_minutes + 1`)),
      ['R30/R13: timesheet_sums holds the delivered and to-invoice billed minutes of each ticket and line, with its ticket\'s team']);
    assert.deepEqual(invariantsOf(await violationsAfter(sql`UPDATE team_ticket_counts SET urgent = urgent + 1`)),
      ['dashboard: team_ticket_counts holds the open, unassigned and urgent open tickets of each team']);
  });

  test('stranded drafts: a draft older than the age given is listed with the entries and minutes it holds', async () => {
    const draft = ok(await api.post(`/sale-orders/${ok(await api.get(`/invoices/${invoiceId}`)).saleOrderId}/invoices`, {}));
    const fresh = await checkIntegrity(ctx.t.database.db, { strandedAfterHours: 24 });
    assert.deepEqual(fresh.strandedDrafts, [], 'a draft made now is not stranded');
    await queryRows(ctx.t.database.db, sql`UPDATE invoices SET created_at = now() - interval '25 hours' WHERE id = ${Number(draft.id)}`);
    const later = await checkIntegrity(ctx.t.database.db, { strandedAfterHours: 24 });
    assert.deepEqual(later.strandedDrafts.map((d) => [d.invoiceId, d.entries, d.minutes]), [[draft.id, 1, 15]]);
    assert.deepEqual(later.violations, []);
    const listed = ok(await api.get('/invoices/stranded-drafts'));
    assert.deepEqual([listed.olderThanHours, listed.items.map((d: any) => [d.invoiceId, d.entries, d.minutes])], [24, [[draft.id, 1, 15]]], 'the invoices page reads the same list');
    ok(await api.delete(`/invoices/${draft.id}`));
  });
});

// The operator's command, on a PGlite data folder of its own (the suites' PGlite is in memory).
const folder = mkdtempSync(join(tmpdir(), 'deskbill-check-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('npm run cli -- check: exits 0 and says so when every invariant holds; exits 1 naming the broken one and its rows', async () => {
  const dataDir = join(folder, 'data');
  const database = await openDatabase({ databaseUrl: null, dataDir });
  await migrate(database);
  await database.close();
  const clean = await cliCheck({ DATA_DIR: dataDir });
  assert.equal(clean.code, 0, clean.out);
  assert.match(clean.out, /Billing invariants: all hold\./);
  assert.match(clean.out, /Stranded drafts \(older than 24 h\): none\./);

  const broken = await openDatabase({ databaseUrl: null, dataDir });
  await queryRows(broken.db, sql`INSERT INTO team_ticket_counts (team_id, open_tickets, unassigned, urgent) VALUES (999, 1, 0, 0)`);
  await broken.close();
  const found = await cliCheck({ DATA_DIR: dataDir, DESKBILL_STRANDED_DRAFT_HOURS: '48' });
  assert.equal(found.code, 1, found.out);
  assert.match(found.out, /VIOLATION dashboard: team_ticket_counts holds/);
  assert.match(found.out, /"team_id":"999"/);
  assert.match(found.out, /older than 48 h/);
});
