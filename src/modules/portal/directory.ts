import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { teams } from '../helpdesk/index.ts';
import { commercialEntityOf, findCustomerRow } from '../partners/index.ts';

/** The teams a portal user may open a ticket with: names only, nothing of their setup. */
export async function listPortalTeams(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const page = byName(teams.name, teams.id, query.cursor);
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(page.after ?? sql`true`).orderBy(...page.orderBy).limit(query.limit + 1);
  return toPage(rows, query.limit, page.key, (r) => ({ id: String(r.id), name: r.name }));
}

/** Who the portal user is a customer as: their customer's name and their commercial entity's. */
export async function portalIdentity(db: Db, customerId: number): Promise<{ customerName: string; commercialEntityName: string }> {
  const customer = await findCustomerRow(db, customerId);
  if (!customer) throw notFound('Customer');
  const entityId = commercialEntityOf(customer);
  const entity = entityId === customer.id ? customer : await findCustomerRow(db, entityId);
  return { customerName: customer.name, commercialEntityName: entity?.name ?? customer.name };
}
