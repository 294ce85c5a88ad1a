import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';

/** A portal user: who they are and the customer they belong to. */
export interface PortalCaller {
  userId: number;
  customerId: number;
}

/**
 * The ids of every customer of the portal user's commercial entity (its top company and the
 * company's contacts, or the lone person), as a subquery: lists filter on it in SQL.
 */
export function entityCustomerIds(caller: PortalCaller): SQL {
  const entity = sql`(SELECT coalesce(company_id, id) FROM customers WHERE id = ${caller.customerId})`;
  return sql`SELECT c.id FROM customers c WHERE c.id = ${entity} OR c.company_id = ${entity}`;
}

/** The commercial entity's id of the portal user's customer (a company, or the lone person). */
export async function entityIdOf(db: Executor, caller: PortalCaller): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`SELECT coalesce(company_id, id) AS id FROM customers WHERE id = ${caller.customerId}`);
  if (!row) throw notFound('Customer');
  return Number(row.id);
}

/**
 * Answers 404 NOT_FOUND, exactly like a missing object, unless `query` finds a row: the portal
 * never tells another customer's object from one that does not exist.
 */
export async function assertVisible(db: Executor, query: SQL, what: string): Promise<void> {
  const rows = await queryRows<{ one: number }>(db, query);
  if (rows.length === 0) throw notFound(what);
}
