// The billing invariants (spec §6, issue 10), checked with SQL against whatever is in the database:
// the tests run them after every database test, on PGlite and PostgreSQL; an operator runs them with
// `npm run cli -- check`. One checker, so what the tests prove is what production is checked for.
import { sql, type SQL } from 'drizzle-orm';
import { currencyDecimals, lineAmounts, sumAmounts } from '../../core/money.ts';
import { formatQuantity, minutesPerUnit, parseQuantity, q, type Unit } from '../../core/quantity.ts';
import { queryRows, type Executor } from '../../platform/db.ts';

/** One invariant that does not hold: which rule, what it says, and the rows that break it (at most 20). */
export interface Violation {
  rule: string;
  invariant: string;
  rows: unknown[];
}

/** A draft invoice left for longer than the stranded age: its claims keep its entries out of "to invoice". */
export interface StrandedDraft {
  invoiceId: string;
  saleOrderId: string | null;
  createdAt: string;
  entries: number;
  minutes: number;
}

export interface IntegrityReport {
  violations: Violation[];
  strandedDrafts: StrandedDraft[];
}

const SHOWN_ROWS = 20;

/** An invariant written as a query of the rows that break it: none is the only right answer. */
interface RowCheck {
  rule: string;
  invariant: string;
  query: SQL;
}

const ROW_CHECKS: RowCheck[] = [
  {
    rule: 'R41',
    invariant: "a claim is held by an invoice line of the entry's own sale line, for a billable entry",
    query: sql`
      SELECT c.timesheet_id, l.sale_order_line_id::text AS claim_line, t.sale_order_line_id::text AS entry_line, t.billable, i.kind
        FROM timesheet_claims c
        JOIN invoice_lines l ON l.id = c.invoice_line_id
        JOIN invoices i ON i.id = l.invoice_id
        JOIN timesheets t ON t.id = c.timesheet_id
       WHERE l.sale_order_line_id IS DISTINCT FROM t.sale_order_line_id OR NOT t.billable OR i.kind <> 'invoice'`,
  },
  {
    rule: 'R41/R15',
    invariant: 'every claim is listed on its line with the billed minutes (R78), recorded minutes and date the entry still has',
    query: sql`
      SELECT c.timesheet_id, e.minutes AS snapshot_minutes, t.billed_minutes, e.date::text AS snapshot_date, t.date::text AS date
        FROM timesheet_claims c
        JOIN timesheets t ON t.id = c.timesheet_id
        LEFT JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
       WHERE e.timesheet_id IS NULL OR e.minutes <> t.billed_minutes OR coalesce(e.recorded_minutes, e.minutes) <> t.minutes
          OR e.billed_multiplier <> t.billed_multiplier OR e.date <> t.date`,
  },
  {
    rule: 'R78',
    invariant: "an entry no invoice claims bills by its line's increments now (released entries included)",
    query: sql`
      SELECT t.id AS timesheet_id, t.minutes, t.billed_minutes, l.billing_step_minutes AS step, l.billing_minimum_minutes AS minimum, t.billed_multiplier::text AS multiplier
        FROM timesheets t LEFT JOIN sale_order_lines l ON l.id = t.sale_order_line_id
       WHERE t.billed_minutes <> billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
         AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id)`,
  },
  {
    rule: 'R41/R44',
    invariant: 'each entry is billed at most once (invoices listing it − posted credit notes listing it = its live claims)',
    query: sql`
      WITH net AS (
        SELECT e.timesheet_id,
               sum(CASE WHEN i.kind = 'invoice' THEN 1 WHEN i.state = 'posted' THEN -1 ELSE 0 END) AS net
          FROM invoice_line_entries e
          JOIN invoice_lines l ON l.id = e.invoice_line_id
          JOIN invoices i ON i.id = l.invoice_id
         GROUP BY e.timesheet_id)
      SELECT n.timesheet_id, n.net, (c.timesheet_id IS NOT NULL) AS claimed
        FROM net n LEFT JOIN timesheet_claims c ON c.timesheet_id = n.timesheet_id
       WHERE n.net <> CASE WHEN c.timesheet_id IS NULL THEN 0 ELSE 1 END`,
  },
  {
    rule: 'R44',
    invariant: 'a credit claim is on a draft credit note line crediting the line that bills the entry',
    query: sql`
      SELECT cc.timesheet_id, i.kind, i.state, (e.timesheet_id IS NOT NULL) AS listed,
             l.origin_line_id::text AS origin, c.invoice_line_id::text AS billed_by
        FROM credit_claims cc
        JOIN invoice_lines l ON l.id = cc.invoice_line_id
        JOIN invoices i ON i.id = l.invoice_id
        LEFT JOIN invoice_line_entries e ON e.invoice_line_id = cc.invoice_line_id AND e.timesheet_id = cc.timesheet_id
        LEFT JOIN timesheet_claims c ON c.timesheet_id = cc.timesheet_id
       WHERE i.kind <> 'credit_note' OR i.state <> 'draft' OR e.timesheet_id IS NULL
          OR c.invoice_line_id IS DISTINCT FROM l.origin_line_id`,
  },
  {
    rule: 'R44',
    invariant: 'an entry is on at most one live credit note (each draft credit entry holds the credit claim)',
    query: sql`
      SELECT e.timesheet_id, e.invoice_line_id
        FROM invoice_line_entries e
        JOIN invoice_lines l ON l.id = e.invoice_line_id
        JOIN invoices i ON i.id = l.invoice_id
        LEFT JOIN credit_claims cc ON cc.timesheet_id = e.timesheet_id AND cc.invoice_line_id = e.invoice_line_id
       WHERE i.kind = 'credit_note' AND i.state = 'draft' AND cc.timesheet_id IS NULL`,
  },
  {
    rule: 'R44',
    invariant: 'a credit note line credits only entries its origin line billed',
    query: sql`
      SELECT e.timesheet_id, e.invoice_line_id
        FROM invoice_line_entries e
        JOIN invoice_lines l ON l.id = e.invoice_line_id
        JOIN invoices i ON i.id = l.invoice_id
       WHERE i.kind = 'credit_note'
         AND NOT EXISTS (SELECT 1 FROM invoice_line_entries o WHERE o.invoice_line_id = l.origin_line_id AND o.timesheet_id = e.timesheet_id)`,
  },
  {
    rule: 'R20/R76',
    invariant: 'billable time sits only on lines billed on time (timesheets or prepaid): time on a manual line is never invoiced',
    query: sql`
      SELECT t.id AS timesheet_id, t.sale_order_line_id::text AS line_id, l.invoicing_policy
        FROM timesheets t JOIN sale_order_lines l ON l.id = t.sale_order_line_id
       WHERE t.billable AND l.invoicing_policy NOT IN ('timesheets', 'prepaid')`,
  },
  {
    rule: 'R75',
    invariant: 'no prepaid line has more overage invoiced than the time delivered beyond its block',
    query: sql`
      SELECT l.id AS line_id, prepaid_overage_left(l.id)::text AS overage_left
        FROM sale_order_lines l
       WHERE l.invoicing_policy = 'prepaid' AND EXISTS (SELECT 1 FROM invoice_lines fl WHERE fl.sale_order_line_id = l.id AND fl.overage)
         AND prepaid_overage_left(l.id) < 0`,
  },
  {
    rule: 'R43',
    invariant: 'every posted document has a number, and no draft has one',
    query: sql`SELECT id, state, number FROM invoices WHERE (state = 'posted' AND number IS NULL) OR (state = 'draft' AND number IS NOT NULL)`,
  },
  {
    rule: 'R4',
    invariant: "a document's totals are the sums of its lines: untaxed + tax = total",
    query: sql`
      SELECT i.id, i.amount_untaxed::text AS untaxed, i.amount_tax::text AS tax, i.amount_total::text AS total,
             coalesce(sum(l.subtotal), 0)::text AS lines_untaxed, coalesce(sum(l.tax_amount), 0)::text AS lines_tax
        FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
       GROUP BY i.id
      HAVING i.amount_untaxed <> coalesce(sum(l.subtotal), 0) OR i.amount_tax <> coalesce(sum(l.tax_amount), 0)
          OR i.amount_total <> i.amount_untaxed + i.amount_tax`,
  },
  {
    rule: 'R30/R13',
    invariant: 'timesheet_sums holds the delivered and to-invoice billed minutes of each ticket and line, with its ticket\'s team',
    query: sql`
      WITH actual AS (
        SELECT e.ticket_id, e.sale_order_line_id, min(k.team_id) AS team_id, sum(e.billed_minutes) AS delivered,
               coalesce(sum(e.billed_minutes) FILTER (WHERE NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)), 0) AS to_invoice
          FROM timesheets e JOIN tickets k ON k.id = e.ticket_id
         WHERE e.billable AND e.sale_order_line_id IS NOT NULL
         GROUP BY e.ticket_id, e.sale_order_line_id)
      SELECT coalesce(k.ticket_id, a.ticket_id)::text AS ticket_id, coalesce(k.sale_order_line_id, a.sale_order_line_id)::text AS line_id,
             k.team_id || ':' || k.delivered_minutes || '/' || k.to_invoice_minutes AS kept,
             a.team_id || ':' || a.delivered || '/' || a.to_invoice AS actual
        FROM (SELECT * FROM timesheet_sums WHERE delivered_minutes <> 0 OR to_invoice_minutes <> 0) k
        FULL JOIN actual a ON a.ticket_id = k.ticket_id AND a.sale_order_line_id = k.sale_order_line_id
       WHERE k.delivered_minutes IS DISTINCT FROM a.delivered OR k.to_invoice_minutes IS DISTINCT FROM a.to_invoice
          OR k.team_id IS DISTINCT FROM a.team_id`,
  },
  {
    rule: 'dashboard',
    invariant: 'team_ticket_counts holds the open, unassigned and urgent open tickets of each team',
    query: sql`
      WITH actual AS (
        SELECT t.team_id, count(*) AS open_tickets, count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
               count(*) FILTER (WHERE t.priority = 'urgent') AS urgent
          FROM tickets t JOIN stages s ON s.id = t.stage_id WHERE NOT s.closed GROUP BY t.team_id)
      SELECT coalesce(k.team_id, a.team_id)::text AS team_id,
             k.open_tickets || '/' || k.unassigned || '/' || k.urgent AS kept, a.open_tickets || '/' || a.unassigned || '/' || a.urgent AS actual
        FROM (SELECT * FROM team_ticket_counts WHERE open_tickets <> 0 OR unassigned <> 0 OR urgent <> 0) k
        FULL JOIN actual a ON a.team_id = k.team_id
       WHERE k.open_tickets IS DISTINCT FROM a.open_tickets OR k.unassigned IS DISTINCT FROM a.unassigned OR k.urgent IS DISTINCT FROM a.urgent`,
  },
];

/** A quantity in its canonical 2-decimal form ('0' → '0.00'), so strings compare. */
const canonical = (quantity: string): string => formatQuantity(parseQuantity(quantity));

/**
 * §6 and R5/R31 per `timesheets` sale line: billable minutes = claimed + unclaimed; the minutes its
 * invoice lines list for live claims are those of the claimed entries; and, when no draft invoice
 * bills the line, qtyInvoiced (Σ invoice quantities − Σ posted credit quantities) = q(claimed minutes).
 */
async function saleLineViolations(db: Executor): Promise<Violation[]> {
  const [company] = await queryRows<{ minutes_per_day: number }>(db, sql`SELECT minutes_per_day FROM company_settings WHERE id = 1`);
  const lines = await queryRows<{ id: number; unit: Unit; billable: number; claimed: number; claimed_snapshot: number; unclaimed: number; qty_invoiced: string; draft_lines: number }>(db, sql`
    SELECT s.id AS id, s.unit,
           (SELECT coalesce(sum(t.billed_minutes), 0) FROM timesheets t WHERE t.billable AND t.sale_order_line_id = s.id) AS billable,
           (SELECT coalesce(sum(t.billed_minutes), 0) FROM timesheets t
              JOIN timesheet_claims c ON c.timesheet_id = t.id JOIN invoice_lines l ON l.id = c.invoice_line_id
             WHERE t.billable AND t.sale_order_line_id = s.id AND l.sale_order_line_id = s.id) AS claimed,
           (SELECT coalesce(sum(e.minutes), 0) FROM timesheet_claims c
              JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
              JOIN invoice_lines l ON l.id = c.invoice_line_id
             WHERE l.sale_order_line_id = s.id) AS claimed_snapshot,
           (SELECT coalesce(sum(t.billed_minutes), 0) FROM timesheets t
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
  const split: unknown[] = [];
  const snapshots: unknown[] = [];
  const invoiced: unknown[] = [];
  for (const line of lines) {
    const { id, billable, claimed, unclaimed, claimed_snapshot: listed } = line;
    if (Number(billable) !== Number(claimed) + Number(unclaimed)) split.push({ saleOrderLineId: id, billable, claimed, unclaimed });
    if (Number(listed) !== Number(claimed)) snapshots.push({ saleOrderLineId: id, claimed, listed });
    if (Number(line.draft_lines) > 0) continue;
    const expected = q(Number(claimed), minutesPerUnit(line.unit, company!.minutes_per_day));
    if (canonical(line.qty_invoiced) !== expected) invoiced.push({ saleOrderLineId: id, unit: line.unit, claimed, qtyInvoiced: line.qty_invoiced, expected });
  }
  return [
    { rule: '§6', invariant: 'per timesheets sale line, billable minutes = claimed + unclaimed', rows: split },
    { rule: 'R41', invariant: 'per timesheets sale line, the minutes its invoice lines list for live claims = the minutes of the claimed entries', rows: snapshots },
    { rule: 'R5/R31', invariant: 'per timesheets sale line without a draft invoice, qtyInvoiced = q(claimed minutes)', rows: invoiced },
  ].filter((v) => v.rows.length > 0);
}

const NUMBER_PATTERN = /^(INV|RINV)\/(\d{4})\/(\d{5})$/;

/** R43: posted numbers of each series and year are exactly 1..n, in the series of their kind and the year of their date. */
async function numberingViolations(db: Executor): Promise<Violation[]> {
  const posted = await queryRows<{ id: number; kind: string; number: string; invoice_date: string }>(db, sql`
    SELECT id AS id, kind, number, invoice_date::text AS invoice_date FROM invoices WHERE state = 'posted' AND number IS NOT NULL ORDER BY id`);
  const malformed: unknown[] = [];
  const bySeries = new Map<string, number[]>();
  for (const doc of posted) {
    const match = NUMBER_PATTERN.exec(doc.number);
    const [, series, year, n] = match ?? [];
    if (!match || series !== (doc.kind === 'invoice' ? 'INV' : 'RINV') || year !== doc.invoice_date.slice(0, 4)) {
      malformed.push({ id: doc.id, kind: doc.kind, number: doc.number, invoiceDate: doc.invoice_date });
      continue;
    }
    const key = `${series}/${year}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), Number(n)]);
  }
  const gaps: unknown[] = [];
  for (const [key, numbers] of bySeries) {
    const sorted = [...numbers].sort((a, b) => a - b);
    const wrong = sorted.filter((n, i) => n !== i + 1);
    if (wrong.length > 0) gaps.push({ series: key, posted: sorted.length, outOfPlace: wrong.slice(0, SHOWN_ROWS) });
  }
  const counters = await queryRows<{ series: string; year: number; last_number: number }>(db, sql`SELECT series, year, last_number FROM document_sequences`);
  const counterOf = new Map(counters.map((c) => [`${c.series}/${c.year}`, Number(c.last_number)]));
  const offCounters = [...new Set([...bySeries.keys(), ...counterOf.keys()])]
    .filter((key) => (counterOf.get(key) ?? 0) !== (bySeries.get(key)?.length ?? 0))
    .map((key) => ({ series: key, counter: counterOf.get(key) ?? 0, posted: bySeries.get(key)?.length ?? 0 }));
  return [
    { rule: 'R43', invariant: 'a posted number is in the series of its kind and carries the year of its date', rows: malformed },
    { rule: 'R43', invariant: 'the numbers of each series and year are 1..n without gaps or duplicates', rows: gaps },
    { rule: 'R43', invariant: 'each series counter stands at the number of documents posted in it (a rolled-back post gave its number back)', rows: offCounters },
  ].filter((v) => v.rows.length > 0);
}

/** R4: each line's subtotal and tax are its quantity × unit price and tax rate, rounded to the currency. */
async function lineAmountViolations(db: Executor): Promise<Violation[]> {
  const [company] = await queryRows<{ currency: string }>(db, sql`SELECT currency FROM company_settings WHERE id = 1`);
  const lines = await queryRows<{ id: number; quantity: string; unit_price: string; tax_rate: string; subtotal: string; tax_amount: string }>(db, sql`
    SELECT id, quantity::text AS quantity, unit_price::text AS unit_price, tax_rate::text AS tax_rate, subtotal::text AS subtotal, tax_amount::text AS tax_amount
      FROM invoice_lines`);
  const decimals = currencyDecimals(company!.currency);
  const wrong = lines.filter((l) => {
    const expected = lineAmounts({ quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate, decimals });
    return sumAmounts([l.subtotal], decimals) !== expected.subtotal || sumAmounts([l.tax_amount], decimals) !== expected.tax;
  });
  return wrong.length > 0 ? [{ rule: 'R4', invariant: "an invoice line's subtotal and tax follow from its quantity, unit price and tax rate", rows: wrong.slice(0, SHOWN_ROWS) }] : [];
}

/** Drafts older than `olderThanHours` hours, oldest first, with the entries and minutes they claim. */
export async function strandedDrafts(db: Executor, olderThanHours: number): Promise<StrandedDraft[]> {
  const rows = await queryRows<{ id: number; sale_order_id: number | null; created_at: string; entries: number; minutes: number }>(db, sql`
    SELECT i.id, i.sale_order_id, i.created_at::text AS created_at, count(c.timesheet_id) AS entries, coalesce(sum(e.minutes), 0) AS minutes
      FROM invoices i
      LEFT JOIN invoice_lines l ON l.invoice_id = i.id
      LEFT JOIN timesheet_claims c ON c.invoice_line_id = l.id
      LEFT JOIN invoice_line_entries e ON e.invoice_line_id = c.invoice_line_id AND e.timesheet_id = c.timesheet_id
     WHERE i.state = 'draft' AND i.created_at < now() - make_interval(hours => ${olderThanHours})
     GROUP BY i.id
     ORDER BY i.created_at, i.id`);
  return rows.map((r) => ({
    invoiceId: String(r.id), saleOrderId: r.sale_order_id === null ? null : String(r.sale_order_id),
    createdAt: new Date(r.created_at).toISOString(), entries: Number(r.entries), minutes: Number(r.minutes),
  }));
}

/** Runs every invariant on the whole database, and lists the drafts older than `strandedAfterHours`. */
export async function checkIntegrity(db: Executor, options: { strandedAfterHours: number }): Promise<IntegrityReport> {
  const violations: Violation[] = [];
  for (const check of ROW_CHECKS) {
    const rows = await queryRows<Record<string, unknown>>(db, sql`${check.query} LIMIT ${SHOWN_ROWS}`);
    if (rows.length > 0) violations.push({ rule: check.rule, invariant: check.invariant, rows });
  }
  violations.push(...(await saleLineViolations(db)), ...(await numberingViolations(db)), ...(await lineAmountViolations(db)));
  return { violations, strandedDrafts: await strandedDrafts(db, options.strandedAfterHours) };
}
