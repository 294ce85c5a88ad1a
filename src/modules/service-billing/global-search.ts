import { sql, type SQL } from 'drizzle-orm';
import { policy, roleAllowed } from '../../platform/access.ts';
import { containing, queryRows, startingWith, type Executor } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';

/** R69: at most this many results of each kind. */
const SEARCH_LIMIT = 5;
/** R69: the longest text searched. */
export const SEARCH_MAX = 100;

export interface SearchResults {
  tickets: { id: string; number: number; subject: string; closed: boolean }[];
  customers: { id: string; name: string; vatId: string | null }[];
  saleOrders: { id: string; number: string; customerName: string; state: string }[];
  invoices: { id: string; number: string; kind: string; customerName: string }[];
}

/** A ticket number as typed: digits, with or without `#`; at most 15 digits, like an id. */
const TICKET_NUMBER = /^#?\d{1,15}$/;

/** R69: a search needs 2 characters (`q` trimmed), or a ticket number: `'4'` and `'#4'` do. */
export const searchTextLongEnough = (q: string): boolean => q.length >= 2 || TICKET_NUMBER.test(q);

/**
 * The rank of a text match, best first: 0 the whole text, 1 its start, 2 anywhere. `columns` are
 * the SQL of the texts compared; the best of them counts.
 */
function rank(q: string, columns: SQL[]): SQL {
  const whole = sql.join(columns.map((c) => sql`lower(${c}) = lower(${q})`), sql` OR `);
  const start = sql.join(columns.map((c) => sql`${c} ILIKE ${startingWith(q)}`), sql` OR `);
  return sql`CASE WHEN ${whole} THEN 0 WHEN ${start} THEN 1 ELSE 2 END`;
}

const anywhere = (q: string, columns: SQL[]) => sql`(${sql.join(columns.map((c) => sql`${c} ILIKE ${containing(q)}`), sql` OR `)})`;

async function searchTickets(db: Executor, q: string, actor: AuthContext): Promise<SearchResults['tickets']> {
  const subject = [sql`t.subject`];
  const number = TICKET_NUMBER.test(q) ? Number(q.replace('#', '')) : null;
  // A number finds its ticket first, then subjects containing those digits.
  const match = number === null ? anywhere(q, subject) : sql`(t.number = ${number} OR ${anywhere(q, subject)})`;
  const order = number === null ? rank(q, subject) : sql`CASE WHEN t.number = ${number} THEN -1 ELSE ${rank(q, subject)} END`;
  const rows = await queryRows<{ id: number; number: number; subject: string; closed: boolean }>(db, sql`
    SELECT t.id, t.number, t.subject, s.closed
      FROM tickets t JOIN stages s ON s.id = t.stage_id
     WHERE ${ticketTeamVisible(actor, sql`t.team_id`)} AND ${match}
     ORDER BY ${order}, t.id DESC LIMIT ${SEARCH_LIMIT}`);
  return rows.map((r) => ({ id: String(r.id), number: Number(r.number), subject: r.subject, closed: r.closed }));
}

async function searchCustomers(db: Executor, q: string): Promise<SearchResults['customers']> {
  const columns = [sql`c.name`, sql`c.vat_id`];
  const rows = await queryRows<{ id: number; name: string; vat_id: string | null }>(db, sql`
    SELECT c.id, c.name, c.vat_id FROM customers c
     WHERE ${anywhere(q, columns)}
     ORDER BY ${rank(q, columns)}, c.name, c.id LIMIT ${SEARCH_LIMIT}`);
  return rows.map((r) => ({ id: String(r.id), name: r.name, vatId: r.vat_id }));
}

async function searchSaleOrders(db: Executor, q: string): Promise<SearchResults['saleOrders']> {
  const columns = [sql`o.number`];
  const rows = await queryRows<{ id: number; number: string; customer_name: string; state: string }>(db, sql`
    SELECT o.id, o.number, c.name AS customer_name, o.state
      FROM sale_orders o JOIN customers c ON c.id = o.customer_id
     WHERE ${anywhere(q, columns)}
     ORDER BY ${rank(q, columns)}, o.id DESC LIMIT ${SEARCH_LIMIT}`);
  return rows.map((r) => ({ id: String(r.id), number: r.number, customerName: r.customer_name, state: r.state }));
}

async function searchInvoices(db: Executor, q: string): Promise<SearchResults['invoices']> {
  const columns = [sql`i.number`];
  // Drafts have no number yet: only posted documents are found by number.
  const rows = await queryRows<{ id: number; number: string; kind: string; customer_name: string }>(db, sql`
    SELECT i.id, i.number, i.kind, coalesce(i.customer_name, c.name) AS customer_name
      FROM invoices i JOIN customers c ON c.id = i.customer_id
     WHERE i.number IS NOT NULL AND ${anywhere(q, columns)}
     ORDER BY ${rank(q, columns)}, i.id DESC LIMIT ${SEARCH_LIMIT}`);
  return rows.map((r) => ({ id: String(r.id), number: r.number, kind: r.kind, customerName: r.customer_name }));
}

/**
 * R69: the global search behind the command palette. Finds tickets (by number or subject),
 * customers (name, VAT id), sales orders and invoices (number), at most `SEARCH_LIMIT` of each,
 * the whole text first, then matches at the start, then newest; only what the caller's lists show:
 * an agent their teams' tickets and the customers, no orders or invoices. `q` (trimmed) has 2 to
 * `SEARCH_MAX` characters, or is a ticket number. Example: `'#42'` → ticket 42 first.
 */
export async function globalSearch(db: Executor, q: string, actor: AuthContext): Promise<SearchResults> {
  if (!searchTextLongEnough(q)) throw invalid('q', 'Type at least 2 characters, or a ticket number');
  if (q.length > SEARCH_MAX) throw invalid('q', `At most ${SEARCH_MAX} characters`);
  const none = Promise.resolve([]);
  const [tickets, customers, saleOrders, invoices] = await Promise.all([
    roleAllowed(policy.helpdeskRead, actor.role) ? searchTickets(db, q, actor) : none,
    roleAllowed(policy.staff, actor.role) ? searchCustomers(db, q) : none,
    roleAllowed(policy.ordersRead, actor.role) ? searchSaleOrders(db, q) : none,
    roleAllowed(policy.invoicesRead, actor.role) ? searchInvoices(db, q) : none,
  ]);
  return { tickets, customers, saleOrders, invoices };
}
