// Scale curves (issue 9): grows ONE database in steps (bulk SQL, like generate.ts) and measures,
// at each step N, four things whose data grows with N:
//   order view        GET /sale-orders/:id, its one line carrying N entries
//   ticket list       GET /tickets?teamId&customerId, first page, with N tickets in the database
//   ticket timesheets GET /tickets/:id/timesheets, first page, the ticket carrying N entries
//   invoice creation  POST /sale-orders/:id/invoices claiming N entries
// A read's cost should follow what its page shows, not N (the order view and the invoice show or
// write N entries' worth, the two lists a page of 50).
//
// The data is written through a direct connection while the server may be stopped (PGlite: only
// one process may open the folder), so the caller hands in a `ScaleAccess` that knows how.
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { inTransaction, queryRows, type Db, type Executor } from '../src/platform/db.ts';
import { lineChart, type ChartSeries } from './chart.ts';
import { runConcurrent, summarize, type HttpClient, type Reply } from './load.ts';

export const SCALE_MEASURES = ['order view', 'ticket list', 'ticket timesheets', 'invoice creation'] as const;
export type ScaleMeasure = (typeof SCALE_MEASURES)[number];

/** One point of a curve. For `invoice creation` the samples are the runs (p50: the best of two, p95: the worst). */
export interface ScaleRow {
  step: number;
  measure: ScaleMeasure;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  /** What the database and the answer held (tickets in the database, rows on the page, entries claimed). */
  detail: string;
}

/** How `measureScale` reaches the bench database and its server. */
export interface ScaleAccess {
  /** Runs `fn` on a direct connection to the bench database (on PGlite the server is stopped meanwhile). */
  withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** The client of a running bench server (started again after a growth on PGlite), authenticated as an admin. */
  server(): Promise<HttpClient>;
}

export interface ScaleOptions {
  /** The N of each step, ascending, e.g. [1_000, 10_000, 100_000]. */
  steps: number[];
  /** Concurrent clients of the read measures (10). */
  workers?: number;
  /** Requests not counted, then counted, per read measure and step (20, 200). */
  warmup?: number;
  count?: number;
  /** Invoices created (and their drafts deleted) per step (2). */
  invoiceRuns?: number;
  /** Entries logged on each ordinary ticket (2). */
  entriesPerTicket?: number;
  /** Bulk rows written with the triggers off when the database user may (true); see `grow`. */
  fastLoad?: boolean;
  log?: (line: string) => void;
}

/**
 * The share of tickets of the filtered customer: one ticket in KEY_SHARE belongs to the key account
 * (the company or one of its two contacts: the filter matches both, R22), spread over the teams like
 * every ticket, so the list's filter (one team, the key account) matches about N / (KEY_SHARE ×
 * teams) tickets: a big customer, enough for a full first page from N = 1,000 on with three teams.
 */
const KEY_SHARE = 5;
const OTHER_CUSTOMERS = 50;
const INVOICE_TICKETS = 10;

interface Fixture {
  teamId: number;
  keyCustomerId: number;
  readOrderId: number;
  readLineId: number;
  bigTicketId: number;
  invoiceOrderId: number;
  invoiceLineId: number;
}

async function one<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  if (!row) throw new Error('the scale bench expected a row');
  return row;
}

/** A confirmed order of `customerId` with one hourly timesheets line described `label`. */
async function orderWithLine(db: Db, customerId: number, label: string): Promise<{ orderId: number; lineId: number }> {
  const order = await one<{ id: number }>(db, sql`
    INSERT INTO sale_orders (customer_id, state, confirmed_at) VALUES (${customerId}, 'confirmed', now()) RETURNING id`);
  const line = await one<{ id: number }>(db, sql`
    INSERT INTO sale_order_lines (order_id, sequence, product_id, description, unit, invoicing_policy, quantity, unit_price, tax_rate)
    SELECT ${order.id}, 10, p.id, ${label}, p.unit, p.invoicing_policy, 100, p.unit_price, p.tax_rate
      FROM products p WHERE p.name = 'Scale support (hour)' RETURNING id`);
  return { orderId: Number(order.id), lineId: Number(line.id) };
}

/** Tickets of `customerId` on `lineId` in the first team: `count` of them, subjects `label 1…count`. */
async function ticketsOnLine(db: Db, customerId: number, lineId: number, label: string, count: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`
    INSERT INTO tickets (subject, team_id, customer_id, stage_id, sale_order_line_id)
    SELECT ${label} || ' ' || g, m.id, ${customerId},
           (SELECT s.id FROM stages s WHERE s.team_id = m.id AND NOT s.closed ORDER BY s.sequence LIMIT 1), ${lineId}
      FROM generate_series(1, ${count}) g
     CROSS JOIN (SELECT min(id) AS id FROM teams WHERE timesheets_enabled AND billing_enabled) m
     ORDER BY g RETURNING id`);
  return rows.map((r) => Number(r.id));
}

/**
 * The fixed part, made once: a product, the key account (a company and two contacts), 50 other
 * companies with an order line each for their tickets, the order to read with its one ticket, the
 * order to invoice with its ten tickets. Needs a migrated database with at least one team with
 * time and billing on (generateBase makes three) and at least one agent.
 */
async function setUp(db: Db): Promise<Fixture> {
  const team = await one<{ id: number | null }>(db, sql`SELECT min(id) AS id FROM teams WHERE timesheets_enabled AND billing_enabled`);
  if (team.id === null) throw new Error('the scale bench needs a team with time and billing on (bench/generate.ts generateBase)');
  const agents = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users WHERE role = 'agent' AND active`);
  if (Number(agents.n) === 0) throw new Error('the scale bench needs at least one agent (bench/generate.ts generateBase)');
  await queryRows(db, sql`
    INSERT INTO products (name, unit, unit_price, tax_rate, invoicing_policy) VALUES ('Scale support (hour)', 'hour', 90, 20, 'timesheets')`);
  const key = await one<{ id: number }>(db, sql`
    INSERT INTO customers (name, kind, email, city, country) VALUES ('Scale key account', 'company', 'key@scale.test', 'Lyon', 'FR') RETURNING id`);
  await queryRows(db, sql`
    INSERT INTO customers (name, kind, company_id, email) SELECT 'Scale key contact ' || g, 'person', ${key.id}, 'key' || g || '@scale.test' FROM generate_series(1, 2) g`);
  await queryRows(db, sql`
    INSERT INTO customers (name, kind, email, city, country)
    SELECT 'Scale customer ' || g, 'company', 'customer' || g || '@scale.test', 'Lyon', 'FR' FROM generate_series(1, ${OTHER_CUSTOMERS}) g ORDER BY g`);
  // One confirmed order with one line per company of the ordinary tickets (the key account's too).
  await queryRows(db, sql`
    INSERT INTO sale_orders (customer_id, state, confirmed_at)
    SELECT id, 'confirmed', now() FROM customers WHERE kind = 'company' AND (name LIKE 'Scale customer %' OR id = ${key.id}) ORDER BY id`);
  await queryRows(db, sql`
    INSERT INTO sale_order_lines (order_id, sequence, product_id, description, unit, invoicing_policy, quantity, unit_price, tax_rate)
    SELECT o.id, 10, p.id, 'Scale line', p.unit, p.invoicing_policy, 1000, p.unit_price, p.tax_rate
      FROM sale_orders o JOIN customers c ON c.id = o.customer_id CROSS JOIN products p
     WHERE p.name = 'Scale support (hour)' AND (c.name LIKE 'Scale customer %' OR c.id = ${key.id})`);

  const readCustomer = await one<{ id: number }>(db, sql`
    INSERT INTO customers (name, kind, email) VALUES ('Scale read customer', 'company', 'read@scale.test') RETURNING id`);
  const read = await orderWithLine(db, Number(readCustomer.id), 'Scale line to read');
  const [bigTicketId] = await ticketsOnLine(db, Number(readCustomer.id), read.lineId, 'Scale ticket with many entries', 1);
  const invoiceCustomer = await one<{ id: number }>(db, sql`
    INSERT INTO customers (name, kind, email) VALUES ('Scale invoice customer', 'company', 'invoice@scale.test') RETURNING id`);
  const invoice = await orderWithLine(db, Number(invoiceCustomer.id), 'Scale line to invoice');
  await ticketsOnLine(db, Number(invoiceCustomer.id), invoice.lineId, 'Scale ticket to invoice', INVOICE_TICKETS);
  return {
    teamId: Number(team.id), keyCustomerId: Number(key.id), readOrderId: read.orderId, readLineId: read.lineId,
    bigTicketId: bigTicketId!, invoiceOrderId: invoice.orderId, invoiceLineId: invoice.lineId,
  };
}

/**
 * Billable entries on the line of the tickets `ticketCondition` picks (spread over them in id
 * order), up to `total` entries on `lineId`; the agents take turns. Returns how many were added.
 */
async function fillLine(db: Executor, lineId: number, ticketCondition: ReturnType<typeof sql>, total: number): Promise<number> {
  const have = Number((await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM timesheets WHERE sale_order_line_id = ${lineId}`)).n);
  if (have >= total) return 0;
  await queryRows(db, sql`
    WITH k AS (SELECT t.id, m.project_id, row_number() OVER (ORDER BY t.id) - 1 AS rn, count(*) OVER () AS n
                 FROM tickets t JOIN teams m ON m.id = t.team_id WHERE ${ticketCondition}),
         ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS n FROM users WHERE role = 'agent' AND active)
    INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
    SELECT k.id, k.project_id, ag.id, DATE '2026-01-01' + (g % 300), 1 + (g * 37) % 240, 'Scale work ' || g, true, ${lineId}
      FROM generate_series(${have}::int, ${total - 1}::int) g
      JOIN k ON k.rn = g % k.n
      JOIN ag ON ag.rn = g % ag.n`);
  return total - have;
}

/**
 * Grows the database to `n` tickets (ordinary ones: round-robin over the teams with time and
 * billing on, one in KEY_SHARE of the key account, one in ten closed, each on its company's line
 * with `perTicket` entries), and the two big lines to `n` entries each. Then VACUUM ANALYZE, as
 * autovacuum would after a bulk load. `fast`: the rows are written with the triggers off
 * (session_replication_role = replica, superusers only), like a restore: no audit rows for them
 * and no foreign key checks (the SQL above keeps them right), eight times faster; nothing the
 * curves measure reads the audit trail, and the sums the triggers keep are rebuilt.
 */
async function grow(db: Db, f: Fixture, n: number, perTicket: number, fast: boolean): Promise<{ tickets: number; keyTeamTickets: number }> {
  await inTransaction(db, async (tx) => {
    if (fast) await queryRows(tx, sql`SET LOCAL session_replication_role = replica`);
    await insertRows(tx, f, n, perTicket);
    if (fast) {
      // The triggers were off: rebuild what they keep (timesheet_sums, team_ticket_counts), as
      // after a restore, or the order view would read no delivered minutes at all.
      await queryRows(tx, sql`SELECT rebuild_kept_sums()`);
    }
  });
  await queryRows(db, sql`VACUUM ANALYZE`);
  const after = await one<{ n: number; key_team: number }>(db, sql`
    SELECT count(*)::int AS n,
           count(*) FILTER (WHERE team_id = ${f.teamId} AND customer_id IN (SELECT id FROM customers WHERE id = ${f.keyCustomerId} OR company_id = ${f.keyCustomerId}))::int AS key_team
      FROM tickets`);
  return { tickets: Number(after.n), keyTeamTickets: Number(after.key_team) };
}

async function insertRows(db: Executor, f: Fixture, n: number, perTicket: number): Promise<void> {
  const before = await one<{ n: number; max_id: number | null; ordinary: number }>(db, sql`
    SELECT count(*)::int AS n, max(id) AS max_id, count(*) FILTER (WHERE subject LIKE 'Scale ordinary %')::int AS ordinary FROM tickets`);
  const add = n - Number(before.n);
  if (add > 0) {
    const from = Number(before.ordinary);
    await queryRows(db, sql`
      WITH tm AS (SELECT t.id, row_number() OVER (ORDER BY t.id) - 1 AS rn, count(*) OVER () AS n,
                         (SELECT s.id FROM stages s WHERE s.team_id = t.id AND NOT s.closed ORDER BY s.sequence LIMIT 1) AS open_stage,
                         (SELECT s.id FROM stages s WHERE s.team_id = t.id AND s.closed ORDER BY s.sequence LIMIT 1) AS closed_stage
                    FROM teams t WHERE t.timesheets_enabled AND t.billing_enabled),
           ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS n FROM users WHERE role = 'agent' AND active),
           kc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM customers WHERE id = ${f.keyCustomerId} OR company_id = ${f.keyCustomerId}),
           oc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM customers WHERE name LIKE 'Scale customer %'),
           ln AS (SELECT o.customer_id, l.id FROM sale_order_lines l JOIN sale_orders o ON o.id = l.order_id WHERE l.description = 'Scale line'),
           g AS (SELECT g, CASE WHEN g % ${KEY_SHARE} = 0 THEN kc.id ELSE oc.id END AS customer_id,
                        CASE WHEN g % ${KEY_SHARE} = 0 THEN ${f.keyCustomerId} ELSE oc.id END AS entity_id
                   FROM generate_series(${from}::int, ${from + add - 1}::int) g
                   JOIN kc ON kc.rn = (g / ${KEY_SHARE}) % 3
                   JOIN oc ON oc.rn = g % ${OTHER_CUSTOMERS})
      INSERT INTO tickets (subject, description, team_id, customer_id, assignee_id, priority, stage_id, sale_order_line_id)
      SELECT 'Scale ordinary ' || g.g, 'Generated by bench/scale.ts', tm.id, g.customer_id, ag.id, (ARRAY['low', 'normal', 'high', 'urgent'])[1 + g.g % 4],
             CASE WHEN g.g % 10 = 9 THEN tm.closed_stage ELSE tm.open_stage END, ln.id
        FROM g
        JOIN tm ON tm.rn = g.g % tm.n
        JOIN ag ON ag.rn = g.g % ag.n
        JOIN ln ON ln.customer_id = g.entity_id
       ORDER BY g.g`);
    await queryRows(db, sql`
      WITH ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS n FROM users WHERE role = 'agent' AND active)
      INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
      SELECT k.id, m.project_id, ag.id, DATE '2026-01-01' + ((k.id + e) % 300)::int, (1 + ((k.id * 7 + e) * 37) % 240)::int, 'Scale work', true, k.sale_order_line_id
        FROM tickets k JOIN teams m ON m.id = k.team_id
       CROSS JOIN generate_series(1, ${perTicket}::int) e
        JOIN ag ON ag.rn = (k.id + e) % ag.n
       WHERE k.id > ${before.max_id ?? 0} AND k.subject LIKE 'Scale ordinary %'
       ORDER BY k.id, e`);
  }
  await fillLine(db, f.readLineId, sql`t.id = ${f.bigTicketId}`, n);
  await fillLine(db, f.invoiceLineId, sql`t.sale_order_line_id = ${f.invoiceLineId}`, n);
}

function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status) throw new Error(`${what} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
}

/** `warmup` then `count` GETs of `path` from `workers` concurrent clients; every answer must be 200. */
async function readLoad(client: HttpClient, path: string, workers: number, warmup: number, count: number): Promise<{ ms: number[]; last: Reply }> {
  let last: Reply | null = null;
  const get = async () => {
    const reply = await client.request('GET', path);
    expectStatus(reply, 200, `GET ${path}`);
    last = reply;
    return reply;
  };
  await runConcurrent(workers, warmup, 120, async () => void (await get()));
  const ms: number[] = [];
  await runConcurrent(workers, count, 120, async () => void ms.push((await get()).ms));
  return { ms, last: last! };
}

/**
 * Grows the database step by step and measures the four curves at each step; returns one row per
 * step and measure. Steps must be ascending: the data of a step stays for the next.
 */
export async function measureScale(access: ScaleAccess, opts: ScaleOptions): Promise<ScaleRow[]> {
  const { steps, workers = 10, warmup = 20, count = 200, invoiceRuns = 2, entriesPerTicket = 2, fastLoad = true, log = (line: string) => console.log(line) } = opts;
  if (steps.some((n, i) => !Number.isSafeInteger(n) || n < 1 || (i > 0 && n <= steps[i - 1]!))) throw new Error(`scale steps must be ascending positive integers: ${steps.join(', ')}`);
  const rows: ScaleRow[] = [];
  let fixture: Fixture | null = null;
  let fast = false;
  const ms = (n: number) => `${n.toFixed(1)} ms`;

  for (const n of steps) {
    const growStart = performance.now();
    const grown = await access.withDatabase(async (db) => {
      if (!fixture) {
        fixture = await setUp(db);
        fast = fastLoad && (await one<{ su: boolean }>(db, sql`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`)).su;
        log(`scale: bulk rows ${fast ? 'with the triggers off (no audit rows for them)' : 'with the triggers on'}`);
      }
      return grow(db, fixture, n, entriesPerTicket, fast);
    });
    const f = fixture!;
    log(`scale N=${n}: grown in ${((performance.now() - growStart) / 1000).toFixed(1)} s (VACUUM ANALYZE included): ${grown.tickets} tickets, ${grown.keyTeamTickets} in the list's filter; the big line and ticket ${n} entries`);
    const client = await access.server();

    const reads: Array<{ measure: ScaleMeasure; path: string; check: (body: unknown) => string }> = [
      {
        measure: 'order view', path: `/sale-orders/${f.readOrderId}`,
        check: (body) => {
          const line = (body as { lines: Array<{ id: string; deliveredMinutes: number }> }).lines.find((l) => l.id === String(f.readLineId));
          return `${line?.deliveredMinutes ?? '?'} delivered minutes on the line of ${n} entries`;
        },
      },
      {
        measure: 'ticket list', path: `/tickets?teamId=${f.teamId}&customerId=${f.keyCustomerId}`,
        check: (body) => {
          const items = (body as { items: unknown[] }).items.length;
          if (items !== Math.min(50, grown.keyTeamTickets)) throw new Error(`the ticket list gave ${items} tickets, expected ${Math.min(50, grown.keyTeamTickets)}`);
          return `${items} tickets of ${grown.keyTeamTickets} matching, ${grown.tickets} in the database`;
        },
      },
      {
        measure: 'ticket timesheets', path: `/tickets/${f.bigTicketId}/timesheets`,
        check: (body) => {
          const items = (body as { items: unknown[] }).items.length;
          if (items !== Math.min(50, n)) throw new Error(`the ticket's timesheets gave ${items} entries, expected ${Math.min(50, n)}`);
          return `${items} entries of ${n}`;
        },
      },
    ];
    for (const read of reads) {
      const { ms: times, last } = await readLoad(client, read.path, workers, warmup, count);
      const s = summarize(times);
      const detail = `${read.check(JSON.parse(last.text))}; ${Buffer.byteLength(last.text)} bytes`;
      rows.push({ step: n, measure: read.measure, samples: s.n, p50: s.p50, p95: s.p95, max: s.max, detail });
      log(`  ${read.measure.padEnd(17)} GET ${read.path}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} after ${warmup} warm-up, ${workers} clients); ${detail}`);
    }

    // Invoice creation: the whole line (n entries) on one draft, then the draft deleted (claims released) for the next run.
    const runs: number[] = [];
    for (let run = 0; run < invoiceRuns; run++) {
      const reply = await client.request('POST', `/sale-orders/${f.invoiceOrderId}/invoices`, {}, 600_000);
      expectStatus(reply, 201, `POST /sale-orders/${f.invoiceOrderId}/invoices`);
      const body = JSON.parse(reply.text) as { id: string; lines: Array<{ timesheetIds: string[] }> };
      const claimed = body.lines.reduce((sum, l) => sum + l.timesheetIds.length, 0);
      if (claimed !== n) throw new Error(`the invoice claimed ${claimed} entries, expected ${n}`);
      runs.push(reply.ms);
      expectStatus(await client.request('DELETE', `/invoices/${body.id}`, undefined, 600_000), 204, `DELETE /invoices/${body.id}`);
    }
    const s = summarize(runs);
    const detail = `${n} entries claimed; runs ${runs.map(ms).join(', ')}`;
    rows.push({ step: n, measure: 'invoice creation', samples: s.n, p50: s.p50, p95: s.p95, max: s.max, detail });
    log(`  ${'invoice creation'.padEnd(17)} POST /sale-orders/${f.invoiceOrderId}/invoices: ${detail}`);
  }
  return rows;
}

export type ScaleDatabase = 'postgresql' | 'pglite';
/** The rows of a run per database, as docs/performance-scale.json keeps them. */
export type ScaleResults = Partial<Record<ScaleDatabase, { measuredAt: string; machine: string; rows: ScaleRow[] }>>;

/** The chart of whatever databases were recorded: PostgreSQL solid, PGlite dashed. */
export function scaleSvg(results: ScaleResults): string {
  const series: ChartSeries[] = [];
  const label: Record<ScaleDatabase, string> = { postgresql: 'PostgreSQL', pglite: 'PGlite' };
  for (const kind of ['postgresql', 'pglite'] as const) {
    const recorded = results[kind];
    if (!recorded) continue;
    for (const measure of SCALE_MEASURES) {
      const points = recorded.rows.filter((r) => r.measure === measure).map((r) => ({ x: r.step, y: r.p95 }));
      if (points.length > 0) series.push({ name: `${measure} (${label[kind]})`, points, dashed: kind === 'pglite', style: SCALE_MEASURES.indexOf(measure) });
    }
  }
  const when = [...new Set([results.postgresql, results.pglite].filter((r) => r).map((r) => r!.measuredAt.slice(0, 10)))];
  return lineChart({
    title: 'Deskbill: cost as the data grows (p95)',
    subtitle: `Reads: 200 GETs from 10 concurrent clients. Invoice: the slower of 2 runs. ${when.join(', ')}, shared machine (noisy).`,
    xLabel: 'N: tickets in the database, entries on the line / ticket / invoice',
    yLabel: 'p95 latency',
    series,
    guides: [{ y: 30, label: 'ticket list target: p95 < 30 ms at 100k' }],
    proportionalGuide: true,
  });
}

