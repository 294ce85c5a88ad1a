import { sql } from 'drizzle-orm';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import { createTeam } from '../src/modules/helpdesk/index.ts';
import { queryRows, type Db } from '../src/platform/db.ts';

/** How much data the generator makes (the floor: 10k tickets, 200k entries, 2k orders). */
export const SCALE = { customers: 500, agents: 20, orders: 2000, tickets: 10_000, entries: 200_000, bigEntries: 10_000, loadTickets: 40 };
/** `npm run bench -- --quick`: a tenth of the background data; the measured order and invoice keep their 10,000 entries. */
export const QUICK_SCALE: Scale = { ...SCALE, customers: 50, orders: 200, tickets: 1000, entries: 20_000 };
export type Scale = typeof SCALE;

/** An open ticket of the load order's line the load logs time on, with what a raw INSERT of an entry needs. */
export interface OpenTicket {
  id: number;
  projectId: number;
  lineId: number | null;
}

export interface Dataset {
  token: string;
  adminId: number;
  openTickets: OpenTicket[];
  /** The order whose single line carries `bigEntries` entries (read benchmark). */
  readOrderId: number;
  /** The order whose single line has `bigEntries` entries to invoice (invoice benchmark). */
  invoiceOrderId: number;
  counts: Record<string, number>;
}

async function one<T>(db: Db, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  if (!row) throw new Error('the generator expected a row');
  return row;
}

/**
 * One confirmed order of the first customer with a single timesheets line, `tickets` open tickets
 * of the first team on that line, and `entries` billable entries spread over those tickets.
 */
async function bigOrder(db: Db, scale: Scale, label: string, entries: number, tickets = 10): Promise<number> {
  const order = await one<{ id: number; customer_id: number }>(db, sql`
    INSERT INTO sale_orders (customer_id, state, confirmed_at)
    SELECT min(id), 'confirmed', now() FROM customers RETURNING id::int AS id, customer_id::int AS customer_id`);
  const line = await one<{ id: number }>(db, sql`
    INSERT INTO sale_order_lines (order_id, sequence, product_id, description, unit, invoicing_policy, quantity, unit_price, tax_rate)
    SELECT ${order.id}, 10, p.id, ${label}, p.unit, p.invoicing_policy, 100, p.unit_price, p.tax_rate
      FROM products p WHERE p.name = 'Support (hour)' RETURNING id::int AS id`);
  await queryRows(db, sql`
    INSERT INTO tickets (subject, team_id, customer_id, stage_id, sale_order_line_id)
    SELECT ${label} || ' ticket ' || g, m.id, ${order.customer_id},
           (SELECT s.id FROM stages s WHERE s.team_id = m.id AND NOT s.closed ORDER BY s.sequence LIMIT 1), ${line.id}
      FROM generate_series(1, ${tickets}) g CROSS JOIN (SELECT min(id) AS id FROM teams) m`);
  await queryRows(db, sql`
    WITH k AS (SELECT t.id, m.project_id, row_number() OVER (ORDER BY t.id) - 1 AS rn
                 FROM tickets t JOIN teams m ON m.id = t.team_id WHERE t.sale_order_line_id = ${line.id}),
         ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM users WHERE role = 'agent')
    INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
    SELECT k.id, k.project_id, ag.id, DATE '2026-01-01' + (g % 300), 1 + (g * 37) % 240, ${label} || ' work ' || g, true, ${line.id}
      FROM generate_series(0, ${entries - 1}) g
      JOIN k ON k.rn = g % ${tickets}
      JOIN ag ON ag.rn = g % ${scale.agents}`);
  return order.id;
}

/**
 * What every bench starts from, on a fresh, migrated database: the admin and its API token, three
 * teams with time and billing on, `SCALE.agents` agents in every team, and the four products.
 * Only the admin, its token and the teams go through the app's code.
 */
export async function generateBase(db: Db, agents = SCALE.agents): Promise<{ token: string; adminId: number }> {
  const admin = await createUser(db, { name: 'Bench admin', email: 'bench-admin@bench.test', role: 'admin', password: 'bench bench bench' });
  const { token } = await createApiToken(db, Number(admin.id), 'bench');
  for (const name of ['Support', 'Managed services', 'Consulting']) {
    await createTeam(db, { name, timesheetsEnabled: true, billingEnabled: true });
  }
  await queryRows(db, sql`
    INSERT INTO users (name, email, role, hourly_cost)
    SELECT 'Agent ' || g, 'agent' || g || '@bench.test', 'agent', 45 FROM generate_series(1, ${agents}) g`);
  await queryRows(db, sql`INSERT INTO user_teams (user_id, team_id) SELECT u.id, t.id FROM users u CROSS JOIN teams t WHERE u.role = 'agent'`);
  await queryRows(db, sql`
    INSERT INTO products (name, unit, unit_price, tax_rate, invoicing_policy) VALUES
      ('Support (hour)', 'hour', 90, 20, 'timesheets'), ('Support (day)', 'day', 600, 20, 'timesheets'),
      ('Prepaid pack', 'hour', 80, 20, 'prepaid'), ('Setup fee', 'unit', 500, 20, 'manual')`);
  return { token, adminId: Number(admin.id) };
}

/** Fills a fresh, migrated database with bulk SQL (after `generateBase`). */
export async function generate(db: Db, scale: Scale = SCALE): Promise<Dataset> {
  const { token, adminId } = await generateBase(db, scale.agents);
  await queryRows(db, sql`
    INSERT INTO customers (name, kind, email, city, country)
    SELECT 'Customer ' || g, 'company', 'customer' || g || '@bench.test', 'Lyon', 'FR' FROM generate_series(1, ${scale.customers}) g`);

  // Orders: confirmed, spread over the customers; each has an hourly line, every other one a daily line too.
  await queryRows(db, sql`
    WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM customers)
    INSERT INTO sale_orders (customer_id, state, confirmed_at)
    SELECT c.id, 'confirmed', now() - make_interval(days => g % 365) FROM generate_series(0, ${scale.orders - 1}) g JOIN c ON c.rn = g % ${scale.customers} ORDER BY g`);
  for (const [product, sequence, filter] of [['Support (hour)', 10, sql`true`], ['Support (day)', 20, sql`o.id % 2 = 0`]] as const) {
    await queryRows(db, sql`
      INSERT INTO sale_order_lines (order_id, sequence, product_id, description, unit, invoicing_policy, quantity, unit_price, tax_rate)
      SELECT o.id, ${sequence}, p.id, p.name, p.unit, p.invoicing_policy, 20, p.unit_price, p.tax_rate
        FROM sale_orders o CROSS JOIN products p WHERE p.name = ${product} AND ${filter}`);
  }

  // Tickets: round-robin over the teams, each on a line of its customer's order; one in ten closed.
  await queryRows(db, sql`
    WITH l AS (SELECT sl.id, o.customer_id, row_number() OVER (ORDER BY sl.id) - 1 AS rn FROM sale_order_lines sl JOIN sale_orders o ON o.id = sl.order_id),
         n AS (SELECT count(*) AS c FROM l),
         tm AS (SELECT t.id, row_number() OVER (ORDER BY t.id) - 1 AS rn,
                       (SELECT s.id FROM stages s WHERE s.team_id = t.id AND NOT s.closed ORDER BY s.sequence LIMIT 1) AS open_stage,
                       (SELECT s.id FROM stages s WHERE s.team_id = t.id AND s.closed ORDER BY s.sequence LIMIT 1) AS closed_stage
                  FROM teams t),
         ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM users WHERE role = 'agent')
    INSERT INTO tickets (subject, description, team_id, customer_id, assignee_id, priority, stage_id, sale_order_line_id)
    SELECT 'Bench ticket ' || g, 'Generated by npm run bench', tm.id, l.customer_id, ag.id, (ARRAY['low', 'normal', 'high', 'urgent'])[1 + g % 4],
           CASE WHEN g % 10 = 9 THEN tm.closed_stage ELSE tm.open_stage END, l.id
      FROM generate_series(0, ${scale.tickets - 1}) g
      JOIN l ON l.rn = g % (SELECT c FROM n)
      JOIN tm ON tm.rn = g % 3
      JOIN ag ON ag.rn = g % ${scale.agents}`);

  // Entries: billable, on the ticket's line and the ticket's team project (R10, R12).
  await queryRows(db, sql`
    WITH k AS (SELECT t.id, t.sale_order_line_id, m.project_id, row_number() OVER (ORDER BY t.id) - 1 AS rn FROM tickets t JOIN teams m ON m.id = t.team_id),
         ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM users WHERE role = 'agent')
    INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
    SELECT k.id, k.project_id, ag.id, DATE '2026-01-01' + (g % 300), 1 + (g * 37) % 240, 'Work ' || g, true, k.sale_order_line_id
      FROM generate_series(0, ${scale.entries - 1}) g
      JOIN k ON k.rn = g % ${scale.tickets}
      JOIN ag ON ag.rn = g % ${scale.agents}`);

  const readOrderId = await bigOrder(db, scale, 'Big read order', scale.bigEntries);
  // The write load of issue 9: 20 clients logging time on the 40 tickets of one order line.
  await bigOrder(db, scale, 'Load order', 0, scale.loadTickets);
  const invoiceOrderId = await bigOrder(db, scale, 'Big invoice order', scale.bigEntries);
  // A bulk load is followed by autovacuum in real life; do it now so plans and visibility maps are settled.
  await queryRows(db, sql`VACUUM ANALYZE`);

  const openTickets = (await queryRows<{ id: number; project_id: number; line_id: number | null }>(db, sql`
    SELECT t.id::int AS id, m.project_id::int AS project_id, t.sale_order_line_id::int AS line_id
      FROM tickets t JOIN stages s ON s.id = t.stage_id JOIN teams m ON m.id = t.team_id
     WHERE NOT s.closed AND t.subject LIKE 'Load order ticket %' ORDER BY t.id`)).map((r) => ({ id: Number(r.id), projectId: Number(r.project_id), lineId: r.line_id === null ? null : Number(r.line_id) }));
  const counts = await one<Record<string, number>>(db, sql`
    SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM sale_orders)::int AS sale_orders, (SELECT count(*) FROM sale_order_lines)::int AS sale_order_lines,
           (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM timesheets)::int AS timesheets`);
  return { token, adminId, openTickets, readOrderId, invoiceOrderId, counts };
}

/**
 * Issue 9's PDF measure: one more confirmed order like the big ones, whose single line carries
 * `entries` billable entries to invoice (default 1,000). Separate from `generate` (whose data it
 * leaves as they are); call it on the generated database before the server starts.
 */
export async function generatePdfOrder(db: Db, entries = 1000): Promise<number> {
  const orderId = await bigOrder(db, SCALE, 'PDF order', entries);
  await queryRows(db, sql`ANALYZE timesheets`);
  return orderId;
}
