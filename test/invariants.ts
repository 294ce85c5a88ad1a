// Billing invariants (spec §6), checked with raw SQL against whatever the use cases left behind,
// on PGlite and PostgreSQL alike: `checkInvariantsAfterEach` (test/db.ts) runs them after every
// test of a database suite; a test that races sessions also calls them between its rounds.
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { formatQuantity, minutesPerUnit, parseQuantity, q, type Unit } from '../src/core/quantity.ts';
import { queryRows, type Executor } from '../src/platform/db.ts';

/** A quantity in its canonical 2-decimal form ('0' → '0.00', '3.5' → '3.50'), so strings compare. */
const canonical = (quantity: string): string => formatQuantity(parseQuantity(quantity));

const NUMBER_PATTERN = /^(INV|RINV)\/(\d{4})\/(\d{5})$/;

/**
 * R41: every live claim is consistent with the entry it claims, and no entry is billed twice.
 * An entry's "net billing" is the number of invoice documents (draft or posted) listing it, less
 * the posted credit notes listing it: it must be 1 for a claimed entry and 0 otherwise.
 */
async function checkClaims(db: Executor): Promise<void> {
  const misplaced = await queryRows<{ timesheet_id: number; claim_line: string | null; entry_line: string | null; billable: boolean; kind: string }>(db, sql`
    SELECT c.timesheet_id AS timesheet_id, l.sale_order_line_id::text AS claim_line, t.sale_order_line_id::text AS entry_line,
           t.billable, i.kind
      FROM timesheet_claims c
      JOIN invoice_lines l ON l.id = c.invoice_line_id
      JOIN invoices i ON i.id = l.invoice_id
      JOIN timesheets t ON t.id = c.timesheet_id
     WHERE l.sale_order_line_id IS DISTINCT FROM t.sale_order_line_id OR NOT t.billable OR i.kind <> 'invoice'`);
  assert.deepEqual(misplaced, [], 'R41: a claim is held by an invoice line of the entry\'s own sale line, for a billable entry');

  const unmatched = await queryRows<{ timesheet_id: number; snapshot_minutes: number | null; minutes: number; snapshot_date: string | null; date: string }>(db, sql`
    SELECT c.timesheet_id AS timesheet_id, e.minutes AS snapshot_minutes, t.minutes, e.date::text AS snapshot_date, t.date::text AS date
      FROM timesheet_claims c
      JOIN timesheets t ON t.id = c.timesheet_id
      LEFT JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
     WHERE e.timesheet_id IS NULL OR e.minutes <> t.minutes OR e.date <> t.date`);
  assert.deepEqual(unmatched, [], 'R41/R15: every claim is listed on its line with the minutes and date the entry still has');

  const netBilling = await queryRows<{ timesheet_id: number; net: number; claimed: boolean }>(db, sql`
    WITH net AS (
      SELECT e.timesheet_id,
             sum(CASE WHEN i.kind = 'invoice' THEN 1 WHEN i.state = 'posted' THEN -1 ELSE 0 END) AS net
        FROM invoice_line_entries e
        JOIN invoice_lines l ON l.id = e.invoice_line_id
        JOIN invoices i ON i.id = l.invoice_id
       GROUP BY e.timesheet_id)
    SELECT n.timesheet_id AS timesheet_id, n.net, (c.timesheet_id IS NOT NULL) AS claimed
      FROM net n LEFT JOIN timesheet_claims c ON c.timesheet_id = n.timesheet_id
     WHERE n.net <> CASE WHEN c.timesheet_id IS NULL THEN 0 ELSE 1 END
     ORDER BY n.timesheet_id`);
  assert.deepEqual(netBilling, [], 'R41/R44: each entry is billed at most once (invoices listing it − posted credit notes listing it = its live claims)');
}

/** R44: a credit claim belongs to a draft credit note line that lists the entry and credits the line that bills it. */
async function checkCreditClaims(db: Executor): Promise<void> {
  const bad = await queryRows<{ timesheet_id: number; kind: string; state: string; listed: boolean; origin: string | null; billed_by: string | null }>(db, sql`
    SELECT cc.timesheet_id AS timesheet_id, i.kind, i.state, (e.timesheet_id IS NOT NULL) AS listed,
           l.origin_line_id::text AS origin, c.invoice_line_id::text AS billed_by
      FROM credit_claims cc
      JOIN invoice_lines l ON l.id = cc.invoice_line_id
      JOIN invoices i ON i.id = l.invoice_id
      LEFT JOIN invoice_line_entries e ON e.invoice_line_id = cc.invoice_line_id AND e.timesheet_id = cc.timesheet_id
      LEFT JOIN timesheet_claims c ON c.timesheet_id = cc.timesheet_id
     WHERE i.kind <> 'credit_note' OR i.state <> 'draft' OR e.timesheet_id IS NULL
        OR c.invoice_line_id IS DISTINCT FROM l.origin_line_id`);
  assert.deepEqual(bad, [], 'R44: a credit claim is on a draft credit note line crediting the line that bills the entry');

  const unclaimedOnDraftCredit = await queryRows<{ timesheet_id: number; invoice_line_id: number }>(db, sql`
    SELECT e.timesheet_id AS timesheet_id, e.invoice_line_id AS invoice_line_id
      FROM invoice_line_entries e
      JOIN invoice_lines l ON l.id = e.invoice_line_id
      JOIN invoices i ON i.id = l.invoice_id
      LEFT JOIN credit_claims cc ON cc.timesheet_id = e.timesheet_id AND cc.invoice_line_id = e.invoice_line_id
     WHERE i.kind = 'credit_note' AND i.state = 'draft' AND cc.timesheet_id IS NULL`);
  assert.deepEqual(unclaimedOnDraftCredit, [], 'R44: an entry is on at most one live credit note (each draft credit entry holds the credit claim)');

  const creditedElsewhere = await queryRows<{ timesheet_id: number; invoice_line_id: number }>(db, sql`
    SELECT e.timesheet_id AS timesheet_id, e.invoice_line_id AS invoice_line_id
      FROM invoice_line_entries e
      JOIN invoice_lines l ON l.id = e.invoice_line_id
      JOIN invoices i ON i.id = l.invoice_id
     WHERE i.kind = 'credit_note'
       AND NOT EXISTS (SELECT 1 FROM invoice_line_entries o WHERE o.invoice_line_id = l.origin_line_id AND o.timesheet_id = e.timesheet_id)`);
  assert.deepEqual(creditedElsewhere, [], 'R44: a credit note line credits only entries its origin line billed');
}

/**
 * §6 and R5/R31 per `timesheets` sale line: billable minutes = claimed + unclaimed, and, when no
 * draft invoice bills the line, qtyInvoiced (Σ invoice quantities − Σ posted credit quantities)
 * = q(claimed minutes).
 */
async function checkSaleLines(db: Executor): Promise<void> {
  const [company] = await queryRows<{ minutes_per_day: number }>(db, sql`SELECT minutes_per_day FROM company_settings WHERE id = 1`);
  const lines = await queryRows<{ id: number; unit: Unit; billable: number; claimed: number; claimed_snapshot: number; unclaimed: number; qty_invoiced: string; draft_lines: number }>(db, sql`
    SELECT s.id AS id, s.unit,
           (SELECT coalesce(sum(t.minutes), 0) FROM timesheets t WHERE t.billable AND t.sale_order_line_id = s.id) AS billable,
           (SELECT coalesce(sum(t.minutes), 0) FROM timesheets t
              JOIN timesheet_claims c ON c.timesheet_id = t.id JOIN invoice_lines l ON l.id = c.invoice_line_id
             WHERE t.billable AND t.sale_order_line_id = s.id AND l.sale_order_line_id = s.id) AS claimed,
           (SELECT coalesce(sum(e.minutes), 0) FROM timesheet_claims c
              JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
              JOIN invoice_lines l ON l.id = c.invoice_line_id
             WHERE l.sale_order_line_id = s.id) AS claimed_snapshot,
           (SELECT coalesce(sum(t.minutes), 0) FROM timesheets t
             WHERE t.billable AND t.sale_order_line_id = s.id
               AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id)) AS unclaimed,
           (SELECT coalesce(sum(CASE WHEN i.kind = 'invoice' THEN l.quantity ELSE -l.quantity END), 0)
              FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
             WHERE l.sale_order_line_id = s.id AND (i.kind = 'invoice' OR i.state = 'posted'))::text AS qty_invoiced,
           (SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
             WHERE l.sale_order_line_id = s.id AND i.kind = 'invoice' AND i.state = 'draft') AS draft_lines
      FROM sale_order_lines s
     WHERE s.invoicing_policy = 'timesheets'
     ORDER BY s.id`);
  for (const line of lines) {
    const label = `sale line ${line.id}`;
    assert.equal(line.billable, line.claimed + line.unclaimed, `§6: ${label}: billable minutes = claimed + unclaimed`);
    assert.equal(line.claimed_snapshot, line.claimed, `R41: ${label}: minutes claimed on its invoice lines = minutes of the claimed entries`);
    if (line.draft_lines > 0) continue;
    const perUnit = minutesPerUnit(line.unit, company!.minutes_per_day);
    assert.equal(canonical(line.qty_invoiced), q(line.claimed, perUnit), `R5/R31: ${label} (${line.unit}): qtyInvoiced = q(${line.claimed} claimed minutes)`);
  }
}

/** R43: posted numbers of each series and year are exactly 1..n; a posted document has a number, a draft none. */
async function checkNumbering(db: Executor): Promise<void> {
  const missing = await queryRows<{ id: number; state: string; number: string | null }>(db, sql`
    SELECT id AS id, state, number FROM invoices
     WHERE (state = 'posted' AND number IS NULL) OR (state = 'draft' AND number IS NOT NULL)`);
  assert.deepEqual(missing, [], 'R43: every posted document has a number, and no draft has one');

  const posted = await queryRows<{ id: number; kind: string; number: string; invoice_date: string }>(db, sql`
    SELECT id AS id, kind, number, invoice_date::text AS invoice_date FROM invoices WHERE state = 'posted' ORDER BY id`);
  const bySeries = new Map<string, number[]>();
  for (const doc of posted) {
    const match = NUMBER_PATTERN.exec(doc.number);
    assert.ok(match, `R43: invoice ${doc.id} has a malformed number ${doc.number}`);
    const [, series, year, n] = match;
    assert.equal(series, doc.kind === 'invoice' ? 'INV' : 'RINV', `R43: ${doc.number} is in the series of its kind (${doc.kind})`);
    assert.equal(year, doc.invoice_date.slice(0, 4), `R43: ${doc.number} carries the year of its date ${doc.invoice_date}`);
    const key = `${series}/${year}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), Number(n)]);
  }
  for (const [key, numbers] of bySeries) {
    const sorted = [...numbers].sort((a, b) => a - b);
    assert.deepEqual(sorted, sorted.map((_, i) => i + 1), `R43: ${key} numbers are 1..${sorted.length} without gaps or duplicates`);
  }
  const counters = await queryRows<{ series: string; year: number; last_number: number }>(db, sql`
    SELECT series, year, last_number FROM document_sequences ORDER BY series, year`);
  const expected = [...bySeries].map(([key, numbers]) => ({ key, last: numbers.length })).sort((a, b) => a.key.localeCompare(b.key));
  assert.deepEqual(
    counters.map((c) => ({ key: `${c.series}/${c.year}`, last: Number(c.last_number) })).sort((a, b) => a.key.localeCompare(b.key)),
    expected,
    'R43: each series counter stands at the number of documents posted in it (a rolled-back post gave its number back)',
  );
}

/**
 * Issue 9: the sums the triggers keep per ticket and line (migration 0005) are exactly those of
 * the entries: billable on that line (delivered, R30), and of those without a live claim (R13).
 */
async function checkTimesheetSums(db: Executor): Promise<void> {
  const drift = await queryRows<{ ticket_id: string; line_id: string; kept: string | null; actual: string | null }>(db, sql`
    WITH actual AS (
      SELECT e.ticket_id, e.sale_order_line_id, sum(e.minutes) AS delivered,
             coalesce(sum(e.minutes) FILTER (WHERE NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)), 0) AS to_invoice
        FROM timesheets e WHERE e.billable AND e.sale_order_line_id IS NOT NULL
       GROUP BY e.ticket_id, e.sale_order_line_id)
    SELECT coalesce(k.ticket_id, a.ticket_id)::text AS ticket_id, coalesce(k.sale_order_line_id, a.sale_order_line_id)::text AS line_id,
           k.delivered_minutes || '/' || k.to_invoice_minutes AS kept, a.delivered || '/' || a.to_invoice AS actual
      FROM (SELECT * FROM timesheet_sums WHERE delivered_minutes <> 0 OR to_invoice_minutes <> 0) k
      FULL JOIN actual a ON a.ticket_id = k.ticket_id AND a.sale_order_line_id = k.sale_order_line_id
     WHERE k.delivered_minutes IS DISTINCT FROM a.delivered OR k.to_invoice_minutes IS DISTINCT FROM a.to_invoice`);
  assert.deepEqual(drift, [], 'R30/R13: timesheet_sums holds the delivered and to-invoice minutes of each ticket and line');

  const wrongTeam = await queryRows<{ ticket_id: string; kept: string; actual: string }>(db, sql`
    SELECT x.ticket_id::text AS ticket_id, x.team_id::text AS kept, k.team_id::text AS actual
      FROM timesheet_sums x JOIN tickets k ON k.id = x.ticket_id WHERE x.team_id <> k.team_id`);
  assert.deepEqual(wrongTeam, [], 'timesheet_sums carries the team its ticket is in (migration 0008)');
}

/** Issue 9: the open, unassigned and urgent tickets kept per team (migration 0008) are those of the tickets. */
async function checkTeamTicketCounts(db: Executor): Promise<void> {
  const drift = await queryRows<{ team_id: string; kept: string | null; actual: string | null }>(db, sql`
    WITH actual AS (
      SELECT t.team_id, count(*) AS open_tickets, count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
             count(*) FILTER (WHERE t.priority = 'urgent') AS urgent
        FROM tickets t JOIN stages s ON s.id = t.stage_id WHERE NOT s.closed GROUP BY t.team_id)
    SELECT coalesce(k.team_id, a.team_id)::text AS team_id,
           k.open_tickets || '/' || k.unassigned || '/' || k.urgent AS kept, a.open_tickets || '/' || a.unassigned || '/' || a.urgent AS actual
      FROM (SELECT * FROM team_ticket_counts WHERE open_tickets <> 0 OR unassigned <> 0 OR urgent <> 0) k
      FULL JOIN actual a ON a.team_id = k.team_id
     WHERE k.open_tickets IS DISTINCT FROM a.open_tickets OR k.unassigned IS DISTINCT FROM a.unassigned OR k.urgent IS DISTINCT FROM a.urgent`);
  assert.deepEqual(drift, [], 'team_ticket_counts holds the open, unassigned and urgent open tickets of each team');
}

/**
 * Asserts the billing invariants of spec §6 on the whole database: (a) no entry on two live
 * invoice lines, claims consistent with their entries (R41, R15, R44); (b) per `timesheets` sale
 * line, billable = claimed + unclaimed minutes and, with no draft invoice on the line,
 * qtyInvoiced = q(claimed minutes) (R5, R31); (c) posted numbers per series and year are 1..n
 * (R43); (d) no posted document without a number; (e) the minutes kept per ticket and line
 * (timesheet_sums) are those of the entries (R30, R13), and the open tickets kept per team
 * (team_ticket_counts) those of the tickets.
 */
export async function checkBillingInvariants(db: Executor): Promise<void> {
  await checkTimesheetSums(db);
  await checkTeamTicketCounts(db);
  await checkClaims(db);
  await checkCreditClaims(db);
  await checkSaleLines(db);
  await checkNumbering(db);
}
