import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { findCustomerRow } from '../partners/index.ts';
import { projects } from './tables.ts';

export interface ProjectRead {
  id: string;
  name: string;
  customerId: string | null;
  createdAt: string;
}

const toRead = (row: typeof projects.$inferSelect): ProjectRead => ({
  id: String(row.id),
  name: row.name,
  customerId: row.customerId == null ? null : String(row.customerId),
  createdAt: row.createdAt.toISOString(),
});

/** Creates a project, optionally for a customer. */
export async function createProject(db: Db, input: { name: string; customerId?: string | null | undefined }): Promise<ProjectRead> {
  if (input.customerId && !(await findCustomerRow(db, Number(input.customerId)))) throw invalid('customerId', 'No such customer');
  const [row] = await db.insert(projects).values({ name: input.name, customerId: input.customerId ? Number(input.customerId) : null }).returning();
  return toRead(row!);
}

/** Reads a project or answers 404. */
export async function getProject(db: Db, projectId: number): Promise<ProjectRead> {
  const [row] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!row) throw notFound('Project');
  return toRead(row);
}

/** Lists projects by name. */
export async function listProjects(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const page = byName(projects.name, projects.id, query.cursor);
  const rows = await db
    .select()
    .from(projects)
    .where(page.after)
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, page.key, toRead);
}
