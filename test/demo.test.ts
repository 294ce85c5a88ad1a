import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { compareQuantities, q } from '../src/core/quantity.ts';
import { DEMO_LOGIN, DEMO_PORTAL_EMAIL } from '../src/demo/login.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { findUserForLogin } from '../src/modules/accounts/index.ts';
import { getSaleOrder } from '../src/modules/service-billing/index.ts';
import { queryRows, type Db } from '../src/platform/db.ts';
import { checkInvariantsAfterEach, createTestDatabase } from './db.ts';

const count = async (db: Db, query: ReturnType<typeof sql>): Promise<number> => {
  const [row] = await queryRows<{ n: number }>(db, query);
  return Number(row?.n);
};

describe('demo data', () => {
  let db: Db;
  let drop: () => Promise<void>;

  before(async () => {
    const t = await createTestDatabase('pglite');
    db = t.database.db;
    drop = t.drop;
    await seedDemo(db);
  });
  after(async () => {
    await drop();
  });
  checkInvariantsAfterEach(() => db);

  test('seeds an IT service provider: teams, staff, customers, tickets and about 2,000 entries', async () => {
    assert.equal(await count(db, sql`SELECT count(*)::int AS n FROM teams`), 3);
    assert.equal(await count(db, sql`SELECT count(*)::int AS n FROM teams WHERE billing_enabled`), 2);
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM customers WHERE kind = 'company'`)) >= 10);
    assert.equal(await count(db, sql`SELECT count(*)::int AS n FROM tickets`), 200);
    const entries = await count(db, sql`SELECT count(*)::int AS n FROM timesheets`);
    assert.ok(entries >= 1800 && entries <= 2200, `${entries} entries`);
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM timesheets WHERE NOT billable`)) > 0, 'non-billable entries');
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM timesheets WHERE billable AND sale_order_line_id IS NULL`)) > 0, 'unlinked entries');
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM timesheets WHERE pinned`)) > 0, 'entries at another rate');
    const stages = await queryRows<{ name: string }>(db, sql`SELECT DISTINCT s.name FROM tickets t JOIN stages s ON s.id = t.stage_id`);
    assert.deepEqual(stages.map((s) => s.name).sort(), ['Cancelled', 'In progress', 'New', 'Solved']);
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM tickets WHERE assignee_id IS NULL`)) > 0, 'unassigned tickets');
    const states = await queryRows<{ state: string }>(db, sql`SELECT DISTINCT state FROM sale_orders`);
    assert.deepEqual(states.map((s) => s.state).sort(), ['cancelled', 'confirmed', 'draft']);
  });

  test('the demo login is an admin, and staff names are international', async () => {
    const dana = await findUserForLogin(db, DEMO_LOGIN.email);
    assert.equal(dana?.role, 'admin');
    assert.equal(dana?.name, 'Dana Demo');
    const names = (await queryRows<{ name: string; role: string }>(db, sql`SELECT name, role FROM users`));
    assert.ok(names.some((u) => /\p{Script=Greek}/u.test(u.name)));
    assert.ok(names.some((u) => /\p{Script=Cyrillic}/u.test(u.name)));
    for (const role of ['manager', 'agent', 'accountant']) assert.ok(names.some((u) => u.role === role), role);
    // The portal login sees a busy customer: tickets of its commercial entity exist.
    const portal = await findUserForLogin(db, DEMO_PORTAL_EMAIL);
    assert.equal(portal?.role, 'customer');
    assert.ok((await count(db, sql`
      SELECT count(*)::int AS n FROM tickets t JOIN customers c ON c.id = t.customer_id JOIN users u ON u.email = ${DEMO_PORTAL_EMAIL}
        JOIN customers pc ON pc.id = u.customer_id WHERE coalesce(c.company_id, c.id) = coalesce(pc.company_id, pc.id)`)) > 10);
    const [settings] = await queryRows<{ name: string; currency: string; vat_id: string }>(db, sql`SELECT name, currency, vat_id FROM company_settings`);
    assert.equal(settings?.name, 'Northwind IT Services');
    assert.equal(settings?.currency, 'EUR');
  });

  test('invoices: posted invoices, a draft, posted credit notes', async () => {
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM invoices WHERE kind = 'invoice' AND state = 'posted'`)) > 0);
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM invoices WHERE kind = 'invoice' AND state = 'draft'`)) > 0);
    assert.ok((await count(db, sql`SELECT count(*)::int AS n FROM invoices WHERE kind = 'credit_note' AND state = 'posted'`)) >= 2);
  });

  test('every entry follows the logging rules (R1, R11, R12, R20)', async () => {
    const broken = await queryRows<{ id: number; why: string }>(db, sql`
      SELECT t.id AS id, CASE
               WHEN t.minutes NOT BETWEEN 1 AND 1440 THEN 'minutes'
               WHEN t.project_id <> m.project_id THEN 'project'
               WHEN NOT m.billing_enabled AND t.billable THEN 'billable on a team without billing'
               WHEN NOT t.billable AND t.sale_order_line_id IS NOT NULL THEN 'non-billable with a line'
               WHEN t.billable AND NOT t.pinned AND t.sale_order_line_id IS DISTINCT FROM k.sale_order_line_id THEN 'not on the ticket line'
               WHEN t.sale_order_line_id IS NOT NULL AND NOT (o.state = 'confirmed' AND l.invoicing_policy IN ('timesheets', 'prepaid')
                    AND coalesce(oc.company_id, oc.id) = coalesce(kc.company_id, kc.id)) THEN 'line not allowed'
               WHEN t.date > current_date OR t.date < current_date - 89 THEN 'date'
             END AS why
        FROM timesheets t JOIN tickets k ON k.id = t.ticket_id JOIN teams m ON m.id = k.team_id
        LEFT JOIN customers kc ON kc.id = k.customer_id
        LEFT JOIN sale_order_lines l ON l.id = t.sale_order_line_id LEFT JOIN sale_orders o ON o.id = l.order_id
        LEFT JOIN customers oc ON oc.id = o.customer_id`);
    assert.deepEqual(broken.filter((r) => r.why !== null), []);
  });

  test('each claimed entry is billed on an invoice line of its own sale line (R41)', async () => {
    const wrong = await count(db, sql`
      SELECT count(*)::int AS n FROM timesheet_claims c JOIN timesheets t ON t.id = c.timesheet_id
        JOIN invoice_lines l ON l.id = c.invoice_line_id
       WHERE NOT t.billable OR l.sale_order_line_id IS DISTINCT FROM t.sale_order_line_id`);
    assert.equal(wrong, 0);
  });

  test('for every timesheets line, billable minutes = billed + unbilled, and invoiced = q(billed) (R5, R31)', async () => {
    const lines = await queryRows<{ id: number; order_id: number; unit: 'hour' | 'day'; billable: number; billed: number; claimed: number; unbilled: number }>(db, sql`
      SELECT l.id AS id, l.order_id AS order_id, l.unit,
             (SELECT coalesce(sum(minutes), 0)::int FROM timesheets WHERE billable AND sale_order_line_id = l.id) AS billable,
             (SELECT coalesce(sum(CASE WHEN i.kind = 'invoice' THEN e.minutes ELSE -e.minutes END), 0)::int
                FROM invoice_line_entries e JOIN invoice_lines il ON il.id = e.invoice_line_id JOIN invoices i ON i.id = il.invoice_id
               WHERE il.sale_order_line_id = l.id AND (i.kind = 'invoice' OR i.state = 'posted')) AS billed,
             (SELECT coalesce(sum(t.minutes), 0)::int FROM timesheets t JOIN timesheet_claims c ON c.timesheet_id = t.id
               WHERE t.sale_order_line_id = l.id) AS claimed,
             (SELECT coalesce(sum(t.minutes), 0)::int FROM timesheets t
               WHERE t.billable AND t.sale_order_line_id = l.id AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id)) AS unbilled
        FROM sale_order_lines l WHERE l.invoicing_policy = 'timesheets'`);
    assert.ok(lines.some((l) => l.billed > 0) && lines.some((l) => l.unbilled > 0));
    for (const line of lines) {
      assert.equal(line.billable, line.claimed + line.unbilled, `line ${line.id}`);
      assert.equal(line.billed, line.claimed, `line ${line.id}: invoice documents bill what is claimed`);
      const read = (await getSaleOrder(db, line.order_id)).lines.find((l) => l.id === String(line.id))!;
      assert.equal(read.qtyInvoiced, q(line.billed, line.unit === 'day' ? 480 : 60), `line ${line.id}`);
    }
  });

  test('posted numbers run 1..n without gaps per series and year, in date order (R43)', async () => {
    const rows = await queryRows<{ number: string; invoice_date: string }>(db, sql`SELECT number, invoice_date::text AS invoice_date FROM invoices WHERE state = 'posted'`);
    const series = new Map<string, Array<{ n: number; date: string }>>();
    for (const row of rows) {
      const match = /^(R?INV)\/(\d{4})\/(\d{5})$/.exec(row.number);
      assert.ok(match, row.number);
      const key = `${match[1]}/${match[2]}`;
      series.set(key, [...(series.get(key) ?? []), { n: Number(match[3]), date: row.invoice_date }]);
    }
    assert.ok(series.size >= 2);
    for (const [key, numbers] of series) {
      numbers.sort((a, b) => a.n - b.n);
      assert.deepEqual(numbers.map((x) => x.n), numbers.map((_, i) => i + 1), key);
      for (let i = 1; i < numbers.length; i++) assert.ok(numbers[i]!.date >= numbers[i - 1]!.date, `${key} dates`);
    }
  });

  test('a seeded order reads with delivered time', async () => {
    const [order] = await queryRows<{ id: number }>(db, sql`
      SELECT o.id AS id FROM sale_orders o JOIN sale_order_lines l ON l.order_id = o.id
       WHERE o.state = 'confirmed' AND l.invoicing_policy = 'timesheets' ORDER BY o.id LIMIT 1`);
    const read = await getSaleOrder(db, order!.id);
    assert.equal(read.state, 'confirmed');
    assert.ok(read.lines.some((l) => compareQuantities(l.qtyDelivered, '0') > 0 && l.deliveredMinutes > 0));
    assert.ok(read.lines.some((l) => compareQuantities(l.qtyInvoiced, '0') > 0));
  });
});
