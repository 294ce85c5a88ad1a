// Concurrency (spec §6): the claim (R41), the numbering (R43) and the credit claims (R44) under two
// real database sessions interleaved. PostgreSQL only: PGlite has a single session, so nothing can
// interleave there. Deterministic interleavings hold a row lock in a raw `pg.Client` session and
// wait (through pg_stat_activity) until the app's session is blocked behind it before going on.
// The billing invariants are checked after every test.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { q } from '../src/core/quantity.ts';
import { creditEntries, postInvoice, reverseInvoice } from '../src/modules/invoicing/index.ts';
import { createInvoiceFromOrder, deleteTimesheet, logTime, mapOrderRoute, updateTimesheet } from '../src/modules/service-billing/index.ts';
import { SYSTEM_ACTOR } from '../src/platform/http.ts';
import { inTransaction, pgArray, queryRows, type Db, type Tx } from '../src/platform/db.ts';
import { removeCompanyLogo, setCompanyLogo } from '../src/modules/accounts/index.ts';
import { AppError, fromDatabaseError } from '../src/platform/errors.ts';
import { apiAs, ok, unique, type ApiClient } from './api.ts';
import { checkInvariantsAfterEach, createTestDatabase, type TestDatabase } from './db.ts';
import { checkBillingInvariants } from './invariants.ts';
import { pngImage } from './images.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'concurrency tests need two real sessions: set TEST_DATABASE_URL (PostgreSQL)';
const YEAR = new Date().toISOString().slice(0, 4);
const TODAY = new Date().toISOString().slice(0, 10);

type Unit = 'hour' | 'day';

interface Fixture {
  db: Db;
  url: string;
  api: ApiClient & { userId: string };
  teamId: string;
  productIds: Record<Unit, string>;
}

interface Order {
  id: number;
  lineIds: number[];
  ticketIds: number[];
}

/** Opens the fresh PostgreSQL database of a suite, a client over the HTTP API, a team and products. */
function useFixture(): { readonly f: Fixture } {
  let database: (TestDatabase & { drop(): Promise<void> }) | null = null;
  let fixture: Fixture | null = null;
  before(async () => {
    database = await createTestDatabase('postgres');
    const db = database.database.db;
    const api = await apiAs(db, 'admin');
    const team = ok(await api.post('/teams', { name: unique('Team'), timesheetsEnabled: true, billingEnabled: true }));
    const productIds = {} as Record<Unit, string>;
    for (const unit of ['hour', 'day'] as const) {
      productIds[unit] = ok(await api.post('/products', { name: unique(`Support ${unit}`), unit, unitPrice: '90', taxRate: '21', invoicingPolicy: 'timesheets' })).id;
    }
    fixture = { db, url: database.url!, api, teamId: team.id, productIds };
  });
  after(async () => {
    await fixture?.api.app.close();
    await database?.drop();
  });
  checkInvariantsAfterEach(() => fixture?.db);
  return {
    get f(): Fixture {
      if (!fixture) throw new Error('fixture not ready');
      return fixture;
    },
  };
}

/** A confirmed order for a new company, one `timesheets` line per unit, and one ticket linked to each line. */
async function newOrder(f: Fixture, units: Unit[] = ['hour']): Promise<Order> {
  const customer = ok(await f.api.post('/customers', { name: unique('Customer'), kind: 'company' }));
  const draft = ok(await f.api.post('/sale-orders', { customerId: customer.id, lines: units.map((unit) => ({ productId: f.productIds[unit] })) }));
  const order = ok(await f.api.post(`/sale-orders/${draft.id}/confirm`));
  const lineIds = (order.lines as Array<{ id: string }>).map((l) => l.id);
  const ticketIds: number[] = [];
  for (const lineId of lineIds) {
    const ticket = ok(await f.api.post('/tickets', { teamId: f.teamId, subject: unique('Ticket'), customerId: customer.id, saleOrderLineId: lineId }));
    ticketIds.push(Number(ticket.id));
  }
  return { id: Number(order.id), lineIds: lineIds.map(Number), ticketIds };
}

/**
 * Logs entries through the use case; dates cycle over November 2026. Up to 8 entries are logged one
 * after the other (ids ascend with the list); more go a few at a time (the pool gives them sessions).
 */
async function logEntries(f: Fixture, ticketId: number, minutes: number[]): Promise<number[]> {
  const ids: number[] = new Array(minutes.length);
  const batch = minutes.length <= 8 ? 1 : 8;
  for (let start = 0; start < minutes.length; start += batch) {
    await Promise.all(minutes.slice(start, start + batch).map(async (m, k) => {
      const i = start + k;
      const date = `2026-11-${String((i % 28) + 1).padStart(2, '0')}`;
      ids[i] = Number((await logTime(f.db, ticketId, { ...SYSTEM_ACTOR, userId: Number(f.api.userId) }, { date, minutes: m, description: `work ${i}` })).id);
    }));
  }
  return ids;
}

/** Deterministic "random" durations of 1..240 minutes, so rounding (R3, R5) is exercised. */
function durations(count: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % 240 + 1;
  });
}

/** The error code a use case or a reply failed with: an AppError's, or what a database refusal maps to. */
function codeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  const mapped = fromDatabaseError(error);
  if (mapped) return mapped.code;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return `unexpected error: ${error instanceof Error ? error.stack : String(error)}`;
}

/** Creates an invoice through the HTTP API; a refusal is thrown with its code, and must be a 409 (never a 500). */
async function invoiceViaHttp(f: Fixture, orderId: number, body: Record<string, string> = {}): Promise<number> {
  const reply = await f.api.post(`/sale-orders/${orderId}/invoices`, body);
  if (reply.status === 201) return Number(reply.body.id);
  assert.equal(reply.status, 409, `invoice run answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  throw Object.assign(new Error(reply.body.error.message), { code: reply.body.error.code as string });
}

/** A promise that knows whether it has settled yet (and never counts as unhandled). */
function track<T>(promise: Promise<T>): { promise: Promise<T>; readonly settled: boolean } {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  return {
    promise: tracked,
    get settled() {
      return settled;
    },
  };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Runs `body` with a raw session (to hold locks) and a monitor session (to watch who waits), closing both. */
async function withSessions(url: string, body: (raw: pg.Client, monitor: pg.Client) => Promise<void>): Promise<void> {
  const raw = await connect(url);
  const monitor = await connect(url);
  try {
    await body(raw, monitor);
  } finally {
    await raw.end();
    await monitor.end();
  }
}

/** Waits until `count` sessions of this database are blocked on a lock (the interleaving point). */
async function waitForBlocked(monitor: pg.Client, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await monitor.query<{ n: number }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0',
    );
    if ((rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > deadline) {
      const { rows: sessions } = await monitor.query(
        "SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      throw new Error(`timed out waiting for ${count} blocked session(s), saw ${rows[0]?.n}: ${JSON.stringify(sessions, null, 1)}`);
    }
    await delay(5);
  }
}

/**
 * Invoices the order while a raw session holds the entry's row lock; once the run is seen waiting,
 * the raw session applies `change` (a statement on the entry, `$1` its id) and commits. Returns the invoice id.
 */
async function invoiceWhileEntryLocked(f: Fixture, orderId: number, timesheetId: number, change: string): Promise<number> {
  let invoiceId = 0;
  await withSessions(f.url, async (raw, monitor) => {
    await raw.query('BEGIN');
    await raw.query('SELECT id FROM timesheets WHERE id = $1 FOR UPDATE', [timesheetId]);
    const run = track(createInvoiceFromOrder(f.db, orderId, {}));
    await waitForBlocked(monitor, 1);
    assert.equal(run.settled, false, 'the run waits for the locked entry');
    await raw.query(change, [timesheetId]);
    await raw.query('COMMIT');
    invoiceId = await run.promise;
  });
  return invoiceId;
}

/** Entry id → { invoice line's invoice, minutes on the line } for the live claims of these entries. */
async function claimsOf(db: Db, timesheetIds: number[]): Promise<Map<number, { invoiceId: number; minutes: number }>> {
  if (timesheetIds.length === 0) return new Map();
  const rows = await queryRows<{ timesheet_id: number; invoice_id: number; minutes: number }>(db, sql`
    SELECT c.timesheet_id AS timesheet_id, l.invoice_id AS invoice_id, e.minutes
      FROM timesheet_claims c JOIN invoice_lines l ON l.id = c.invoice_line_id
      JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
     WHERE c.timesheet_id IN (${sql.join(timesheetIds.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.timesheet_id, { invoiceId: r.invoice_id, minutes: r.minutes }]));
}

/** The entries an invoice document lists, over all its lines. */
async function entriesOf(db: Db, invoiceId: number): Promise<number[]> {
  const rows = await queryRows<{ timesheet_id: number }>(db, sql`
    SELECT e.timesheet_id AS timesheet_id FROM invoice_line_entries e JOIN invoice_lines l ON l.id = e.invoice_line_id
     WHERE l.invoice_id = ${invoiceId} ORDER BY e.timesheet_id`);
  return rows.map((r) => r.timesheet_id);
}

async function minutesOf(db: Db, timesheetId: number): Promise<number> {
  const [row] = await queryRows<{ minutes: number }>(db, sql`SELECT minutes FROM timesheets WHERE id = ${timesheetId}`);
  return row!.minutes;
}

/** Asserts a raw statement is refused by a database trigger with this hint (the app's error code). */
async function assertRefused(client: pg.Client, statement: string, params: unknown[], hint: string): Promise<void> {
  await assert.rejects(client.query(statement, params), (error: { code?: string; hint?: string; message?: string }) => {
    assert.equal(error.code, 'P0001', `${statement}: ${error.message}`);
    assert.equal(error.hint, hint, statement);
    return true;
  }, `the database accepted: ${statement}`);
}

describe('concurrency: claims, locks and credit notes [postgres]', { skip }, () => {
  const ctx = useFixture();

  test('R41: two concurrent invoice runs on one order bill each entry once (10 rounds of ~200 new entries)', async (t) => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'day']);
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const existing = [
        ...(await logEntries(f, order.ticketIds[0]!, durations(150, round * 2 + 1))),
        ...(await logEntries(f, order.ticketIds[1]!, durations(50, round * 2 + 2))),
      ];
      // Odd rounds: one run is for the first half of the month, so both runs may succeed, on disjoint entries.
      // Rounds 2, 5, 8: entries are logged while the runs race; the second run may bill them.
      const periodA = round % 2 === 1 ? { periodStart: '2026-11-01', periodEnd: '2026-11-14' } : {};
      const runB = round % 2 === 0 ? () => invoiceViaHttp(f, order.id) : () => createInvoiceFromOrder(f.db, order.id, {});
      const [a, b, late] = await Promise.allSettled([
        createInvoiceFromOrder(f.db, order.id, periodA),
        runB(),
        round % 3 === 2 ? logEntries(f, order.ticketIds[0]!, [30, 45, 61]) : Promise.resolve([]),
      ]);
      assert.equal(late.status, 'fulfilled', 'logging time while invoicing works');
      const lateIds = late.status === 'fulfilled' ? late.value : [];
      const invoiceIds: number[] = [];
      for (const run of [a, b]) {
        if (run.status === 'fulfilled') invoiceIds.push(run.value);
        else assert.equal(codeOf(run.reason), 'NOTHING_TO_INVOICE', `round ${round}: a losing run finds nothing to invoice`);
      }
      assert.ok(invoiceIds.length >= 1, `round ${round}: at least one run creates the invoice`);
      outcomes.push(`${a.status === 'fulfilled' ? 'A' : '-'}${b.status === 'fulfilled' ? 'B' : '-'}`);

      const billed = await Promise.all(invoiceIds.map((id) => entriesOf(f.db, id)));
      const all = billed.flat();
      assert.equal(new Set(all).size, all.length, `round ${round}: the two invoices bill disjoint entries`);
      const allowed = new Set([...existing, ...lateIds]);
      for (const id of all) assert.ok(allowed.has(id), `round ${round}: entry ${id} billed is one of this round's`);
      const claims = await claimsOf(f.db, existing);
      assert.equal(claims.size, existing.length, `round ${round}: every entry logged before the runs is billed`);
      for (const [id, claim] of claims) assert.ok(invoiceIds.includes(claim.invoiceId), `round ${round}: entry ${id} is claimed by one of the runs`);

      // Post what the runs made, concurrently too: the quantities settle against what is posted (R5).
      await Promise.all(invoiceIds.map((id) => postInvoice(f.db, id, {})));
      if (lateIds.length > 0) {
        const leftover = await Promise.allSettled([createInvoiceFromOrder(f.db, order.id, {})]);
        if (leftover[0]!.status === 'fulfilled') await postInvoice(f.db, leftover[0]!.value, {});
        else assert.equal(codeOf(leftover[0]!.reason), 'NOTHING_TO_INVOICE');
      }
      await assert.rejects(createInvoiceFromOrder(f.db, order.id, {}), (e) => codeOf(e) === 'NOTHING_TO_INVOICE', 'everything is billed after the round');
      await checkBillingInvariants(f.db);
    }
    t.diagnostic(`winners per round (A = period run, B = whole run): ${outcomes.join(' ')}`);
  });

  test('R41: an invoice run waits for an entry locked by another session and bills the minutes that session commits', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const ids = await logEntries(f, order.ticketIds[0]!, [60, 60, 60, 60]);
    const target = ids[2]!;
    const invoiceId = await invoiceWhileEntryLocked(f, order.id, target, 'UPDATE timesheets SET minutes = 95 WHERE id = $1');
    const invoice = ok(await f.api.get(`/invoices/${invoiceId}`));
    const entries = (invoice.lines[0].entries as Array<{ timesheetId: string; minutes: number }>);
    assert.deepEqual(entries.map((e) => [Number(e.timesheetId), e.minutes]), ids.map((id) => [id, id === target ? 95 : 60]), 'the new minutes are billed');
    assert.equal(invoice.lines[0].quantity, q(3 * 60 + 95, 60));
  });

  test('R41: an invoice run skips an entry that the session it waited for made non-billable', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const ids = await logEntries(f, order.ticketIds[0]!, [30, 30, 30]);
    const target = ids[1]!;
    const invoiceId = await invoiceWhileEntryLocked(f, order.id, target, 'UPDATE timesheets SET billable = false, sale_order_line_id = NULL, pinned = false WHERE id = $1');
    assert.deepEqual(await entriesOf(f.db, invoiceId), [ids[0], ids[2]]);
    assert.equal((await claimsOf(f.db, [target])).size, 0, 'the non-billable entry is not claimed');
    await postInvoice(f.db, invoiceId, {});
  });

  test('R41/R15: an edit and a delete queued behind an invoice run are refused with TIMESHEET_INVOICED once it claims the entry', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const ids = await logEntries(f, order.ticketIds[0]!, [30, 40, 50, 70]);
    const [edited, deleted, , lockedByRaw] = ids as [number, number, number, number];
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'entries logged one after the other have ascending ids');
    await withSessions(f.url, async (raw, monitor) => {
      // The run locks entries in id order: it holds the first three and waits for the fourth.
      await raw.query('BEGIN');
      await raw.query('SELECT id FROM timesheets WHERE id = $1 FOR UPDATE', [lockedByRaw]);
      const run = track(createInvoiceFromOrder(f.db, order.id, {}));
      await waitForBlocked(monitor, 1);
      const edit = track(updateTimesheet(f.db, edited, { minutes: 99 }, SYSTEM_ACTOR));
      const removal = track(f.api.delete(`/timesheets/${deleted}`));
      await waitForBlocked(monitor, 3);
      assert.equal(run.settled || edit.settled || removal.settled, false, 'the edit and the delete wait for the run, the run for the raw session');
      await raw.query('COMMIT');
      const invoiceId = await run.promise;
      await assert.rejects(edit.promise, (e) => codeOf(e) === 'TIMESHEET_INVOICED', 'the queued edit is refused');
      const reply = await removal.promise;
      assert.equal(reply.status, 409, JSON.stringify(reply.body));
      assert.equal(reply.body.error.code, 'TIMESHEET_INVOICED');
      assert.equal(await minutesOf(f.db, edited), 30, 'the claimed entry kept its minutes');
      const claims = await claimsOf(f.db, ids);
      assert.deepEqual([...claims.values()].map((c) => c.invoiceId), ids.map(() => invoiceId));
      assert.deepEqual(ids.map((id) => claims.get(id)?.minutes), [30, 40, 50, 70]);
      // Once the run's claim is released by deleting the draft (R42), the same edit goes through.
      ok(await f.api.delete(`/invoices/${invoiceId}`));
      await updateTimesheet(f.db, edited, { minutes: 99 }, SYSTEM_ACTOR);
      await deleteTimesheet(f.db, deleted, SYSTEM_ACTOR);
      const again = await createInvoiceFromOrder(f.db, order.id, {});
      assert.deepEqual(await entriesOf(f.db, again), [edited, ids[2], lockedByRaw]);
      await postInvoice(f.db, again, {});
    });
  });

  test('R41: an edit racing an invoice run that waits on the order lock: a claim keeps the minutes it was made with', async (t) => {
    const { f } = ctx;
    const order = await newOrder(f);
    const raw = await connect(f.url);
    const monitor = await connect(f.url);
    const outcomes: string[] = [];
    try {
      // Negative offsets start the edit while the run still waits for the order; positive ones
      // start it that many ms after the order is released, while the run is on its way to the entries.
      for (const offset of [-1, 0, 0, 1, 2, 3, 4, 6, 8, 12]) {
        const ids = await logEntries(f, order.ticketIds[0]!, [20, 25, 35]);
        const target = ids[1]!;
        const newMinutes = 41 + outcomes.length;
        await raw.query('BEGIN');
        await raw.query('SELECT id FROM sale_orders WHERE id = $1 FOR UPDATE', [order.id]);
        const run = track(createInvoiceFromOrder(f.db, order.id, {}));
        await waitForBlocked(monitor, 1);
        assert.equal(run.settled, false, 'the run waits for the order lock');
        let edit: Promise<unknown>;
        if (offset < 0) {
          edit = updateTimesheet(f.db, target, { minutes: newMinutes }, SYSTEM_ACTOR);
          await delay(5);
          await raw.query('COMMIT');
        } else {
          await raw.query('COMMIT');
          edit = delay(offset).then(() => updateTimesheet(f.db, target, { minutes: newMinutes }, SYSTEM_ACTOR));
        }
        const [runResult, editResult] = await Promise.allSettled([run.promise, edit]);
        assert.equal(runResult.status, 'fulfilled', `the run succeeds: ${runResult.status === 'rejected' ? codeOf(runResult.reason) : ''}`);
        const invoiceId = (runResult as PromiseFulfilledResult<number>).value;
        const claim = (await claimsOf(f.db, [target])).get(target);
        assert.equal(claim?.invoiceId, invoiceId, 'the run claims the entry whoever won');
        if (editResult.status === 'fulfilled') {
          assert.equal(claim.minutes, newMinutes, 'the edit came first: the run billed the new minutes');
          outcomes.push(`${offset}:edit-first`);
        } else {
          assert.equal(codeOf(editResult.reason), 'TIMESHEET_INVOICED', 'the edit came second: it is refused');
          assert.equal(claim.minutes, 25, 'the edit came second: the run billed the old minutes');
          outcomes.push(`${offset}:run-first`);
        }
        assert.equal(await minutesOf(f.db, target), claim.minutes, 'the claimed entry has the minutes it was claimed with');
        await postInvoice(f.db, invoiceId, {});
        await checkBillingInvariants(f.db);
      }
    } finally {
      await raw.query('ROLLBACK').catch(() => {});
      await raw.end();
      await monitor.end();
    }
    t.diagnostic(`offset:winner per round: ${outcomes.join(' ')}`);
  });

  test('R14: logging or editing time while another session closes the ticket waits, then answers TICKET_CLOSED', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const ticketId = order.ticketIds[0]!;
    const [entry] = (await logEntries(f, ticketId, [30])) as [number];
    const stages = ok(await f.api.get(`/teams/${f.teamId}/stages`)).items as Array<{ id: string; name: string }>;
    const solved = stages.find((st) => st.name === 'Solved')!;
    await withSessions(f.url, async (raw, monitor) => {
      await raw.query('BEGIN');
      await raw.query('UPDATE tickets SET stage_id = $1 WHERE id = $2', [Number(solved.id), ticketId]);
      const logging = track(f.api.post(`/tickets/${ticketId}/timesheets`, { date: TODAY, minutes: 15 }));
      const editing = track(f.api.patch(`/timesheets/${entry}`, { minutes: 45 }));
      await waitForBlocked(monitor, 2);
      assert.equal(logging.settled || editing.settled, false, 'both wait for the closing session');
      await raw.query('COMMIT');
      for (const reply of [await logging.promise, await editing.promise]) {
        assert.equal(reply.status, 409, JSON.stringify(reply.body));
        assert.equal(reply.body.error.code, 'TICKET_CLOSED');
      }
      assert.equal(await minutesOf(f.db, entry), 30, 'nothing changed');
      assert.equal(ok(await f.api.get(`/tickets/${ticketId}`)).loggedMinutes, 30);
    });
  });

  test('R15/R41: the database refuses a raw change or delete of a claimed entry (TIMESHEET_INVOICED)', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const [claimed] = (await logEntries(f, order.ticketIds[0]!, [45])) as [number];
    const invoiceId = await createInvoiceFromOrder(f.db, order.id, {});
    const [unclaimed] = (await logEntries(f, order.ticketIds[0]!, [50])) as [number];
    const raw = await connect(f.url);
    try {
      const hint = 'TIMESHEET_INVOICED';
      await assertRefused(raw, 'UPDATE timesheets SET minutes = minutes + 1 WHERE id = $1', [claimed], hint);
      await assertRefused(raw, "UPDATE timesheets SET date = date + 1 WHERE id = $1", [claimed], hint);
      await assertRefused(raw, 'UPDATE timesheets SET billable = false, sale_order_line_id = NULL WHERE id = $1', [claimed], hint);
      await assertRefused(raw, 'DELETE FROM timesheets WHERE id = $1', [claimed], hint);
      // The description of a claimed entry may change (R15); an unclaimed entry is not frozen.
      await raw.query("UPDATE timesheets SET description = 'renamed' WHERE id = $1", [claimed]);
      await raw.query('UPDATE timesheets SET minutes = 55 WHERE id = $1', [unclaimed]);
      assert.equal(await minutesOf(f.db, claimed), 45);
      assert.equal((await claimsOf(f.db, [claimed])).get(claimed)?.invoiceId, invoiceId);

      // Two sessions: one has seen the entry unclaimed in its open transaction; the claim commits; its update is refused.
      const other = await connect(f.url);
      try {
        const [next] = (await logEntries(f, order.ticketIds[0]!, [15])) as [number];
        await other.query('BEGIN');
        const seen = await other.query('SELECT count(*) AS n FROM timesheet_claims WHERE timesheet_id = $1', [next]);
        assert.equal(seen.rows[0].n, 0, 'the session sees the entry unclaimed');
        await postInvoice(f.db, invoiceId, {});
        const second = await createInvoiceFromOrder(f.db, order.id, {});
        await assertRefused(other, 'UPDATE timesheets SET minutes = 16 WHERE id = $1', [next], hint);
        await other.query('ROLLBACK');
        assert.deepEqual(await entriesOf(f.db, second), [unclaimed, next]);
        await postInvoice(f.db, second, {});
      } finally {
        await other.end();
      }
    } finally {
      await raw.end();
    }
  });

  test('R43: the database refuses raw changes to a posted invoice, its lines and their entries (INVOICE_POSTED)', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const [first] = (await logEntries(f, order.ticketIds[0]!, [90, 30])) as [number];
    const invoiceId = await createInvoiceFromOrder(f.db, order.id, {});
    const raw = await connect(f.url);
    const reader = await connect(f.url);
    try {
      // A session reads the draft; the invoice is posted meanwhile; the session's change is then refused.
      await raw.query('BEGIN');
      const { rows: [line] } = await raw.query<{ id: string; state: string }>(
        'SELECT l.id, i.state FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.id = $1', [invoiceId]);
      assert.equal(line!.state, 'draft');
      await postInvoice(f.db, invoiceId, {});
      await assertRefused(raw, 'UPDATE invoice_lines SET quantity = 0 WHERE id = $1', [line!.id], 'INVOICE_POSTED');
      await raw.query('ROLLBACK');

      const snapshot = async () => JSON.stringify((await reader.query(
        `SELECT i.*, (SELECT json_agg(l ORDER BY l.id) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
                (SELECT json_agg(e ORDER BY e.timesheet_id) FROM invoice_line_entries e JOIN invoice_lines l ON l.id = e.invoice_line_id WHERE l.invoice_id = i.id) AS entries
           FROM invoices i WHERE i.id = $1`, [invoiceId])).rows);
      const before = await snapshot();
      const hint = 'INVOICE_POSTED';
      await assertRefused(raw, 'UPDATE invoices SET amount_total = 0 WHERE id = $1', [invoiceId], hint);
      await assertRefused(raw, "UPDATE invoices SET state = 'draft', number = NULL WHERE id = $1", [invoiceId], hint);
      await assertRefused(raw, 'DELETE FROM invoices WHERE id = $1', [invoiceId], hint);
      await assertRefused(raw, 'UPDATE invoice_lines SET quantity = quantity + 1 WHERE invoice_id = $1', [invoiceId], hint);
      await assertRefused(raw, 'DELETE FROM invoice_lines WHERE invoice_id = $1', [invoiceId], hint);
      await assertRefused(raw,
        "INSERT INTO invoice_lines (invoice_id, description, unit, quantity, unit_price, tax_rate, subtotal, tax_amount) VALUES ($1, 'extra', 'hour', 1, 1, 0, 1, 0)",
        [invoiceId], hint);
      await assertRefused(raw, 'UPDATE invoice_line_entries SET minutes = 1 WHERE invoice_line_id = $1', [line!.id], hint);
      await assertRefused(raw, 'DELETE FROM invoice_line_entries WHERE invoice_line_id = $1 AND timesheet_id = $2', [line!.id, first], hint);
      await assertRefused(raw,
        "INSERT INTO invoice_line_entries (invoice_line_id, timesheet_id, date, agent_name, ticket_id, ticket_number, ticket_subject, description, minutes) VALUES ($1, 999999, '2026-11-02', 'x', 1, 1, 'x', 'x', 60)",
        [line!.id], hint);
      // Also inside a transaction that touched the row first.
      await raw.query('BEGIN');
      await assertRefused(raw, "UPDATE invoices SET customer_name = 'someone else' WHERE id = $1", [invoiceId], hint);
      await raw.query('ROLLBACK');
      assert.equal(await snapshot(), before, 'the posted invoice is unchanged');
      const reply = await f.api.delete(`/invoices/${invoiceId}`);
      assert.equal(reply.status, 409);
      assert.equal(reply.body.error.code, 'INVOICE_POSTED');
    } finally {
      await raw.end();
      await reader.end();
    }
  });

  test('R41/R43: posting a draft while the same order is invoiced again: both succeed, each entry billed once', async (t) => {
    const { f } = ctx;
    const order = await newOrder(f);
    const [first] = (await logEntries(f, order.ticketIds[0]!, [50])) as [number];
    const draft = await createInvoiceFromOrder(f.db, order.id, {});
    const [second] = (await logEntries(f, order.ticketIds[0]!, [70])) as [number];
    const raw = await connect(f.url);
    const monitor = await connect(f.url);
    let elapsed = 0;
    try {
      const [{ setting }] = (await monitor.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'deadlock_timeout'")).rows as [{ setting: string }];
      // The run queues for the order first; the post then locks the sale line and queues for the order too.
      await raw.query('BEGIN');
      await raw.query('SELECT id FROM sale_orders WHERE id = $1 FOR UPDATE', [order.id]);
      const run = track(createInvoiceFromOrder(f.db, order.id, {}));
      await waitForBlocked(monitor, 1);
      const post = track(postInvoice(f.db, draft, {}));
      await waitForBlocked(monitor, 2);
      const released = Date.now();
      await raw.query('COMMIT');
      const [runResult, postResult] = await Promise.allSettled([run.promise, post.promise]);
      elapsed = Date.now() - released;
      assert.equal(postResult.status, 'fulfilled', postResult.status === 'rejected' ? codeOf(postResult.reason) : '');
      assert.equal(runResult.status, 'fulfilled', runResult.status === 'rejected' ? codeOf(runResult.reason) : '');
      const next = (runResult as PromiseFulfilledResult<number>).value;
      assert.deepEqual(await entriesOf(f.db, draft), [first]);
      assert.deepEqual(await entriesOf(f.db, next), [second]);
      await postInvoice(f.db, next, {});
      await checkBillingInvariants(f.db);
      await t.test(`both finish without waiting for deadlock detection (${setting} ms)`, () => {
        assert.ok(elapsed < Number(setting), `took ${elapsed} ms after the release: PostgreSQL broke a deadlock and one side was retried`);
      });
    } finally {
      await raw.end();
      await monitor.end();
    }
  });

  test('R15/R43: the database guards also hold for a REPEATABLE READ session whose snapshot predates the claim or the post', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const [entry] = (await logEntries(f, order.ticketIds[0]!, [60])) as [number];
    const rr = await connect(f.url);
    const outcomes: Record<string, string> = {};
    /** Opens a REPEATABLE READ snapshot, lets `meanwhile` commit in the app, then tries `statement` and always rolls back. */
    const attempt = async (name: string, meanwhile: () => Promise<unknown>, statement: string, params: unknown[]) => {
      await rr.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await rr.query('SELECT 1');
      try {
        await meanwhile();
        await rr.query(statement, params);
        outcomes[name] = 'accepted';
      } catch (error) {
        const code = (error as { code?: string }).code;
        outcomes[name] = code === 'P0001' || code === '40001' ? 'refused' : `failed: ${String(error)}`;
      } finally {
        await rr.query('ROLLBACK');
      }
    };
    try {
      let invoiceId = 0;
      await attempt('minutes of an entry claimed since the snapshot', async () => {
        invoiceId = await createInvoiceFromOrder(f.db, order.id, {});
      }, 'UPDATE timesheets SET minutes = 1 WHERE id = $1', [entry]);
      await attempt('quantity of a line of an invoice posted since the snapshot', () => postInvoice(f.db, invoiceId, {}),
        'UPDATE invoice_lines SET quantity = 100, subtotal = 9000 WHERE invoice_id = $1', [invoiceId]);
      await logEntries(f, order.ticketIds[0]!, [30]);
      const draft = await createInvoiceFromOrder(f.db, order.id, {});
      await attempt('entries of an invoice posted since the snapshot', () => postInvoice(f.db, draft, {}),
        'DELETE FROM invoice_line_entries WHERE invoice_line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = $1)', [draft]);
      assert.deepEqual(outcomes, {
        'minutes of an entry claimed since the snapshot': 'refused',
        'quantity of a line of an invoice posted since the snapshot': 'refused',
        'entries of an invoice posted since the snapshot': 'refused',
      });
    } finally {
      await rr.end();
    }
  });

  test('R44: two concurrent credit notes naming the same entry: exactly one is made, and the entry is billed once more', async () => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'day']);
    const hourIds = await logEntries(f, order.ticketIds[0]!, [15, 50, 225, 75, 35]);
    const dayIds = await logEntries(f, order.ticketIds[1]!, [300, 200]);
    const invoiceId = await createInvoiceFromOrder(f.db, order.id, {});
    await postInvoice(f.db, invoiceId, {});
    const credited = new Set<number>();
    const creditNotes: number[] = [];

    // Round 1: the same entry twice, over HTTP (a refusal is a 409, never a 500).
    const same = await Promise.all([0, 1].map(() => f.api.post(`/invoices/${invoiceId}/credit-notes`, { timesheetIds: [String(hourIds[1])] })));
    assert.deepEqual(same.map((r) => r.status).sort(), [201, 409], JSON.stringify(same.map((r) => r.body)));
    const loser = same.find((r) => r.status === 409)!;
    assert.ok(['ENTRY_ALREADY_CREDITED', 'CONFLICT'].includes(loser.body.error.code), loser.body.error.code);
    creditNotes.push(Number(same.find((r) => r.status === 201)!.body.id));
    credited.add(hourIds[1]!);

    // Round 2: overlapping sets through the use case: one wins whole, the other changes nothing.
    const overlap = await Promise.allSettled([
      creditEntries(f.db, invoiceId, [hourIds[2]!, hourIds[3]!]),
      creditEntries(f.db, invoiceId, [hourIds[3]!, dayIds[0]!]),
    ]);
    const won = overlap.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, id: r.value }] : []));
    assert.equal(won.length, 1, 'exactly one overlapping credit note is made');
    for (const r of overlap) if (r.status === 'rejected') assert.ok(['ENTRY_ALREADY_CREDITED', 'CONFLICT'].includes(codeOf(r.reason)), codeOf(r.reason));
    creditNotes.push(won[0]!.id);
    for (const id of won[0]!.i === 0 ? [hourIds[2]!, hourIds[3]!] : [hourIds[3]!, dayIds[0]!]) credited.add(id);

    // Round 3: Reverse against a partial credit note of an entry not yet credited.
    const free = [...hourIds, ...dayIds].filter((id) => !credited.has(id));
    const target = free[free.length - 1]!;
    const [reverse, partial] = await Promise.allSettled([reverseInvoice(f.db, invoiceId), creditEntries(f.db, invoiceId, [target])]);
    assert.equal(reverse.status, 'fulfilled', 'Reverse credits whatever is not on a draft credit note yet');
    const reversed = await entriesOf(f.db, (reverse as PromiseFulfilledResult<number>).value);
    if (partial.status === 'fulfilled') {
      assert.deepEqual(reversed, free.filter((id) => id !== target).sort((a, b) => a - b), 'the partial credit came first');
      creditNotes.push(partial.value);
    } else {
      assert.ok(['ENTRY_ALREADY_CREDITED', 'CONFLICT'].includes(codeOf(partial.reason)), codeOf(partial.reason));
      assert.deepEqual(reversed, [...free].sort((a, b) => a - b), 'the reverse came first');
    }
    creditNotes.push((reverse as PromiseFulfilledResult<number>).value);
    await checkBillingInvariants(f.db);

    // Every entry is now on exactly one draft credit note; nothing is billable again until they are posted.
    await assert.rejects(createInvoiceFromOrder(f.db, order.id, {}), (e) => codeOf(e) === 'NOTHING_TO_INVOICE');
    await Promise.all(creditNotes.map((id) => postInvoice(f.db, id, {})));
    const again = await createInvoiceFromOrder(f.db, order.id, {});
    assert.deepEqual(await entriesOf(f.db, again), [...hourIds, ...dayIds].sort((a, b) => a - b), 'each credited entry is billed exactly once more');
    await postInvoice(f.db, again, {});
    await assert.rejects(createInvoiceFromOrder(f.db, order.id, {}), (e) => codeOf(e) === 'NOTHING_TO_INVOICE');
  });

  test('R44: posting a credit note while the order is invoiced again: released entries are billed exactly once', async (t) => {
    const { f } = ctx;
    const order = await newOrder(f);
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const ids = await logEntries(f, order.ticketIds[0]!, durations(12, 100 + round));
      const invoiceId = await createInvoiceFromOrder(f.db, order.id, {});
      await postInvoice(f.db, invoiceId, {});
      const creditNote = await creditEntries(f.db, invoiceId, ids.slice(0, 6));
      const fresh = await logEntries(f, order.ticketIds[0]!, [33]);
      const [posted, run] = await Promise.allSettled([postInvoice(f.db, creditNote, {}), createInvoiceFromOrder(f.db, order.id, {})]);
      assert.equal(posted.status, 'fulfilled', posted.status === 'rejected' ? codeOf(posted.reason) : '');
      assert.equal(run.status, 'fulfilled', run.status === 'rejected' ? codeOf(run.reason) : '');
      const first = await entriesOf(f.db, (run as PromiseFulfilledResult<number>).value);
      outcomes.push(first.length > 1 ? 'credit-first' : 'run-first');
      await postInvoice(f.db, (run as PromiseFulfilledResult<number>).value, {});
      const rest = await Promise.allSettled([createInvoiceFromOrder(f.db, order.id, {})]);
      const second = rest[0]!.status === 'fulfilled' ? await entriesOf(f.db, rest[0]!.value) : [];
      if (rest[0]!.status === 'fulfilled') await postInvoice(f.db, rest[0]!.value, {});
      else assert.equal(codeOf(rest[0]!.reason), 'NOTHING_TO_INVOICE');
      const rebilled = [...first, ...second].sort((a, b) => a - b);
      assert.deepEqual(rebilled, [...ids.slice(0, 6), ...fresh].sort((a, b) => a - b), 'the credited entries and the new one are billed exactly once');
      await checkBillingInvariants(f.db);
    }
    t.diagnostic(`per round: ${outcomes.join(' ')}`);
  });

  test('issue 9: what the dashboard keeps per team follows a ticket moved while another session logs its first entry, or closes its new stage', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const ticketId = order.ticketIds[0]!;
    const other = ok(await f.api.post('/teams', { name: unique('Other team'), timesheetsEnabled: true, billingEnabled: true }));
    const [firstStage] = ok(await f.api.get(`/teams/${other.id}/stages`)).items as Array<{ id: string }>;
    const [project] = await queryRows<{ project_id: number }>(f.db, sql`SELECT project_id FROM teams WHERE id = ${Number(f.teamId)}`);
    await withSessions(f.url, async (raw, monitor) => {
      const logger = await connect(f.url);
      try {
        await raw.query('BEGIN');
        await raw.query('UPDATE tickets SET team_id = $1, stage_id = $2 WHERE id = $3', [Number(other.id), Number(firstStage!.id), ticketId]);
        // A raw first entry of the ticket on its line: its row of timesheet_sums reads the ticket's team.
        const logging = track(logger.query(
          "INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, billable, sale_order_line_id) VALUES ($1, $2, $3, '2026-11-02', 40, true, $4)",
          [ticketId, project!.project_id, Number(f.api.userId), order.lineIds[0]]));
        await waitForBlocked(monitor, 1);
        assert.equal(logging.settled, false, 'the first entry waits for the move');
        await raw.query('COMMIT');
        await logging.promise;
        // The stage the ticket now sits in is closed while another session moves a second ticket into it.
        const second = ok(await f.api.post('/tickets', { teamId: f.teamId, subject: unique('Second') }));
        await raw.query('BEGIN');
        await raw.query('UPDATE stages SET closed = true WHERE id = $1', [Number(firstStage!.id)]);
        const moving = track(logger.query('UPDATE tickets SET team_id = $1, stage_id = $2 WHERE id = $3', [Number(other.id), Number(firstStage!.id), Number(second.id)]));
        await waitForBlocked(monitor, 1);
        await raw.query('COMMIT');
        await moving.promise;
      } finally {
        await logger.end();
      }
    });
    const card = (ok(await f.api.get('/helpdesk/dashboard')).items as any[]).find((c) => c.teamId === other.id);
    assert.deepEqual([card.openTickets, card.minutesToInvoice], [0, 40], 'both tickets sit in a closed stage; the 40 minutes are the other team\'s');
    // checkInvariantsAfterEach then compares timesheet_sums and team_ticket_counts with the rows.
  });

  test('R43/R72: a logo change and a posting take turns: the posting records the version current at its commit, and that version stays (decision 0043)', async () => {
    const { f } = ctx;
    const order = await newOrder(f);
    const draft = async () => {
      await logEntries(f, order.ticketIds[0]!, [30]);
      return createInvoiceFromOrder(f.db, order.id, {});
    };
    const versionOf = async (invoiceId: number) => (await queryRows<{ v: number | null }>(f.db, sql`SELECT company_logo_id AS v FROM invoices WHERE id = ${invoiceId}`))[0]!.v;
    const versions = async () => (await queryRows<{ id: number }>(f.db, sql`SELECT id FROM company_logo_versions ORDER BY id`)).map((r) => Number(r.id));
    /**
     * Runs `held` in a transaction kept open once it has done its work, then `waiting` in another
     * session, which must queue behind it; commits the first and lets the second finish.
     */
    const takeTurns = async (held: (tx: Tx) => Promise<unknown>, waiting: () => Promise<unknown>, message: string) => {
      let commit!: () => void;
      let heldWork!: () => void;
      const released = new Promise<void>((resolve) => { commit = resolve; });
      const ready = new Promise<void>((resolve) => { heldWork = resolve; });
      const first = track(inTransaction(f.db, async (tx) => {
        await held(tx);
        heldWork();
        await released;
      }));
      await withSessions(f.url, async (_raw, monitor) => {
        await Promise.race([ready, first.promise]);
        const second = track(waiting());
        await waitForBlocked(monitor, 1);
        assert.equal(second.settled, false, message);
        commit();
        await first.promise;
        await second.promise;
      });
    };
    await setCompanyLogo(f.db, pngImage(60, 20));
    const [a] = await versions();
    // A posting in progress: a logo change waits for it, then sees the document refer to A and keeps A.
    const first = await draft();
    await takeTurns((tx) => postInvoice(tx, first, {}), () => setCompanyLogo(f.db, pngImage(70, 20)), 'the logo change waits for the posting');
    const [, b] = await versions();
    assert.equal(await versionOf(first), a);
    assert.deepEqual(await versions(), [a, b], 'A stays: the posted invoice refers to it');
    // A logo change in progress: a posting waits for it, then records C, and B (referred to by nothing) is gone.
    const second = await draft();
    await takeTurns((tx) => setCompanyLogo(tx, pngImage(80, 20)), () => postInvoice(f.db, second, {}), 'the posting waits for the logo change');
    const [, c] = await versions();
    assert.deepEqual(await versions(), [a, c]);
    assert.ok(c! > b!);
    assert.equal(await versionOf(second), c);
    await removeCompanyLogo(f.db);
  });
});

describe('concurrency: gapless numbering [postgres]', { skip }, () => {
  const ctx = useFixture();
  const expected = (series: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${series}/${YEAR}/${String(from + i).padStart(5, '0')}`);
  const numbersOf = async (db: Db, ids: number[]) =>
    (await queryRows<{ number: string | null }>(db, sql`SELECT number FROM invoices WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`))
      .map((r) => r.number ?? '(none)').sort();
  /** How many documents of the series are posted this year (the last number given). */
  const lastNumber = async (db: Db, kind: 'invoice' | 'credit_note') =>
    (await queryRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM invoices WHERE kind = ${kind} AND state = 'posted' AND extract(year FROM invoice_date) = ${Number(YEAR)}`))[0]!.n;

  /** n drafts, one per new order. */
  async function drafts(f: Fixture, n: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const order = await newOrder(f);
      await logEntries(f, order.ticketIds[0]!, [30 + i]);
      ids.push(await createInvoiceFromOrder(f.db, order.id, {}));
    }
    return ids;
  }

  test('R43: 20 concurrent posts take INV/<year>/00001..00020 without gaps or duplicates', async () => {
    const { f } = ctx;
    const ids = await drafts(f, 20);
    await Promise.all(ids.map((id) => postInvoice(f.db, id, {})));
    assert.deepEqual(await numbersOf(f.db, ids), expected('INV', 1, 20));
  });

  test('R43: posts that fail after taking a number give it back: concurrent successes take the next numbers, no gap', async () => {
    const { f } = ctx;
    const ids = await drafts(f, 6);
    const last = await lastNumber(f.db, 'invoice');
    const yesterday = new Date(Date.parse(`${TODAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    // Three posts dated before the last posted invoice fail mid-transaction (after numbering); three succeed.
    const replies = await Promise.all(ids.map((id, i) => f.api.post(`/invoices/${id}/post`, i % 2 === 0 ? { invoiceDate: yesterday } : {})));
    replies.forEach((reply, i) => {
      if (i % 2 === 0) {
        assert.equal(reply.status, 409, JSON.stringify(reply.body));
        assert.equal(reply.body.error.code, 'INVOICE_DATE_BEFORE_LAST');
      } else {
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
      }
    });
    const good = ids.filter((_, i) => i % 2 === 1);
    const failed = ids.filter((_, i) => i % 2 === 0);
    assert.deepEqual(await numbersOf(f.db, good), expected('INV', last + 1, last + 3));
    assert.deepEqual(await numbersOf(f.db, failed), ['(none)', '(none)', '(none)'], 'the failed posts left drafts without numbers');
    // The next successful post takes the next number.
    await postInvoice(f.db, failed[0]!, {});
    assert.deepEqual(await numbersOf(f.db, [failed[0]!]), expected('INV', last + 4, last + 4));
    await Promise.all(failed.slice(1).map((id) => postInvoice(f.db, id, {})));
    assert.deepEqual(await numbersOf(f.db, failed.slice(1)), expected('INV', last + 5, last + 6));
  });

  test('R43: concurrent credit note posts take RINV/<year>/00001.. in their own series, alongside invoice posts', async () => {
    const { f } = ctx;
    const invoicesToPost = await drafts(f, 3);
    const toReverse = await drafts(f, 5);
    await Promise.all(toReverse.map((id) => postInvoice(f.db, id, {})));
    const [lastInvoice, lastCredit] = [await lastNumber(f.db, 'invoice'), await lastNumber(f.db, 'credit_note')];
    const creditNotes = await Promise.all(toReverse.map((id) => reverseInvoice(f.db, id)));
    await Promise.all([...creditNotes, ...invoicesToPost].map((id) => postInvoice(f.db, id, {})));
    assert.deepEqual(await numbersOf(f.db, creditNotes), expected('RINV', lastCredit + 1, lastCredit + 5));
    assert.deepEqual(await numbersOf(f.db, invoicesToPost), expected('INV', lastInvoice + 1, lastInvoice + 3));
  });

  test('R43: one draft posted twice at once gets one number; a draft deleted while it is posted is either posted or gone', async () => {
    const { f } = ctx;
    const [twice, raced] = await drafts(f, 2) as [number, number];
    const last = await lastNumber(f.db, 'invoice');
    const replies = await Promise.all([0, 1].map(() => f.api.post(`/invoices/${twice}/post`, {})));
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409], JSON.stringify(replies.map((r) => r.body)));
    assert.equal(replies.find((r) => r.status === 409)!.body.error.code, 'INVOICE_POSTED');
    assert.deepEqual(await numbersOf(f.db, [twice]), expected('INV', last + 1, last + 1));
    const [post, removal] = await Promise.all([f.api.post(`/invoices/${raced}/post`, {}), f.api.delete(`/invoices/${raced}`)]);
    if (post.status === 200) {
      assert.equal(removal.status, 409, JSON.stringify(removal.body));
      assert.equal(removal.body.error.code, 'INVOICE_POSTED');
      assert.deepEqual(await numbersOf(f.db, [raced]), expected('INV', last + 2, last + 2));
    } else {
      assert.equal(post.status, 404, JSON.stringify(post.body));
      assert.equal(removal.status, 204, JSON.stringify(removal.body));
      assert.deepEqual(await numbersOf(f.db, [raced]), []);
    }
  });
});

describe('concurrency: billing by agent racing invoice runs [postgres]', { skip }, () => {
  const ctx = useFixture();

  /** Entry id → the order line of the invoice line that claims it, for the claimed ones. */
  async function claimedLines(db: Db, timesheetIds: number[]): Promise<Map<number, number>> {
    const rows = await queryRows<{ timesheet_id: number; line_id: number; entry_line: number }>(db, sql`
      SELECT c.timesheet_id, l.sale_order_line_id AS line_id, t.sale_order_line_id AS entry_line
        FROM timesheet_claims c JOIN invoice_lines l ON l.id = c.invoice_line_id JOIN timesheets t ON t.id = c.timesheet_id
       WHERE c.timesheet_id = ANY(${pgArray(timesheetIds)}::bigint[])`);
    for (const r of rows) assert.equal(r.entry_line, r.line_id, `entry ${r.timesheet_id} moved off the line that billed it`);
    return new Map(rows.map((r) => [r.timesheet_id, r.line_id]));
  }
  const linesOf = async (db: Db, ids: number[]) =>
    (await queryRows<{ line: number }>(db, sql`SELECT sale_order_line_id AS line FROM timesheets WHERE id = ANY(${pgArray(ids)}::bigint[]) ORDER BY id`)).map((r) => r.line);

  test('R76/R41: a mapping change queued behind an invoice run moves nothing it claimed', async () => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'hour']);
    const [standard, senior] = order.lineIds as [number, number];
    const ids = await logEntries(f, order.ticketIds[0]!, [30, 45, 60]);
    let moved = -1;
    let invoiceId = 0;
    await withSessions(f.url, async (raw, monitor) => {
      await raw.query('BEGIN');
      await raw.query('SELECT id FROM timesheets WHERE id = $1 FOR UPDATE', [ids[0]]);
      const run = track(createInvoiceFromOrder(f.db, order.id, {}));
      await waitForBlocked(monitor, 1);
      const mapping = track(mapOrderRoute(f.db, order.id, { userId: Number(f.api.userId) }, senior));
      await waitForBlocked(monitor, 2);
      assert.deepEqual([run.settled, mapping.settled], [false, false], 'the run waits for the entry, the mapping for the run');
      await raw.query('COMMIT');
      invoiceId = await run.promise;
      moved = await mapping.promise;
    });
    assert.equal(moved, 0);
    assert.deepEqual(await entriesOf(f.db, invoiceId), ids);
    assert.deepEqual([...(await claimedLines(f.db, ids)).values()], [standard, standard, standard]);
    const [later] = await logEntries(f, order.ticketIds[0]!, [15]);
    assert.deepEqual(await linesOf(f.db, [later!]), [senior], 'time logged after the mapping takes it');
  });

  test('R76/R41: an invoice run queued behind a mapping change bills the moved time once, on its new line', async () => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'hour']);
    const [, senior] = order.lineIds as [number, number];
    const ids = await logEntries(f, order.ticketIds[0]!, [30, 45, 60]);
    let moved = -1;
    let invoiceId = 0;
    await withSessions(f.url, async (raw, monitor) => {
      await raw.query('BEGIN');
      await raw.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [order.ticketIds[0]]);
      const mapping = track(mapOrderRoute(f.db, order.id, { userId: Number(f.api.userId) }, senior));
      await waitForBlocked(monitor, 1);
      const run = track(createInvoiceFromOrder(f.db, order.id, {}));
      await waitForBlocked(monitor, 2);
      assert.deepEqual([mapping.settled, run.settled], [false, false], 'the mapping waits for the ticket, the run for the mapping');
      await raw.query('COMMIT');
      moved = await mapping.promise;
      invoiceId = await run.promise;
    });
    assert.equal(moved, 3);
    assert.deepEqual(await entriesOf(f.db, invoiceId), ids);
    assert.deepEqual([...(await claimedLines(f.db, ids)).values()], [senior, senior, senior]);
  });

  test('R76: time logged while a mapping change holds the ticket waits, then takes the new mapping', async () => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'hour']);
    const [, senior] = order.lineIds as [number, number];
    const [before] = await logEntries(f, order.ticketIds[0]!, [30]);
    let moved = -1;
    let logged: number | undefined;
    await withSessions(f.url, async (raw, monitor) => {
      await raw.query('BEGIN');
      await raw.query('SELECT id FROM timesheets WHERE id = $1 FOR UPDATE', [before]);
      const mapping = track(mapOrderRoute(f.db, order.id, { userId: Number(f.api.userId) }, senior));
      await waitForBlocked(monitor, 1);
      const log = track(logEntries(f, order.ticketIds[0]!, [45]));
      await waitForBlocked(monitor, 2);
      assert.deepEqual([mapping.settled, log.settled], [false, false], 'the mapping waits for the entry, the new time for the ticket the mapping holds');
      await raw.query('COMMIT');
      moved = await mapping.promise;
      [logged] = await log.promise;
    });
    assert.equal(moved, 1);
    assert.deepEqual(await linesOf(f.db, [before!, logged!]), [senior, senior]);
  });

  test('R76/R41: mapping changes racing invoice runs (8 rounds): each entry billed once, none moved after its claim', async () => {
    const { f } = ctx;
    const order = await newOrder(f, ['hour', 'hour']);
    const all: number[] = [];
    for (let round = 0; round < 8; round++) {
      all.push(...(await logEntries(f, order.ticketIds[0]!, durations(12, round + 1))));
      const target = order.lineIds[(round + 1) % 2]!;
      const [mapped, run] = await Promise.allSettled([
        mapOrderRoute(f.db, order.id, { userId: Number(f.api.userId) }, target),
        createInvoiceFromOrder(f.db, order.id, {}),
      ]);
      assert.equal(mapped.status, 'fulfilled', mapped.status === 'rejected' ? codeOf(mapped.reason) : '');
      if (run.status === 'rejected') assert.equal(codeOf(run.reason), 'NOTHING_TO_INVOICE');
    }
    const claimed = await claimedLines(f.db, all);
    const unclaimed = all.filter((id) => !claimed.has(id));
    const last = order.lineIds[8 % 2]!;
    assert.deepEqual(await linesOf(f.db, unclaimed), unclaimed.map(() => last), 'the time not billed yet is on the last mapping\'s line');
    await checkBillingInvariants(f.db);
  });
});
