// Issue 13, R77, decision 0037: work types. A work type is never deleted (entries name it); it is
// deactivated, and then no entry takes it any more (entries that have it keep it).
import { asc, eq, sql } from 'drizzle-orm';
import { formatRate } from '../../core/money.ts';
import { inTransaction, setsAnything, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { workTypes } from './tables.ts';

export interface WorkTypeRead {
  id: string;
  name: string;
  active: boolean;
  /** Exact, 2 to 3 decimals: '1.00', '1.50', '1.125'. */
  multiplier: string;
}

export interface WorkTypeInput {
  name: string;
  active?: boolean | undefined;
  multiplier?: string | undefined;
}

type WorkTypeRow = typeof workTypes.$inferSelect;

const toWorkTypeRead = (row: WorkTypeRow): WorkTypeRead => ({ id: String(row.id), name: row.name, active: row.active, multiplier: formatRate(row.multiplier) });

async function checkNameFree(db: Executor, name: string, exceptId: number | null): Promise<void> {
  const [row] = await db.select({ id: workTypes.id }).from(workTypes).where(sql`lower(btrim(${workTypes.name})) = lower(btrim(${name}))`);
  if (row && row.id !== exceptId) throw new AppError('CONFLICT', 'A work type with this name already exists', [{ path: 'name', message: 'Already used' }]);
}

/** The work types by name (filter: active). */
export async function listWorkTypes(db: Executor, query: { active?: boolean | undefined }): Promise<WorkTypeRead[]> {
  const rows = await db.select().from(workTypes)
    .where(query.active === undefined ? undefined : eq(workTypes.active, query.active))
    .orderBy(asc(workTypes.name), asc(workTypes.id));
  return rows.map(toWorkTypeRead);
}

/** Creates a work type (names unique whatever their case; multiplier above 0, default 1). */
export async function createWorkType(db: Executor, input: WorkTypeInput): Promise<WorkTypeRead> {
  return inTransaction(db, async (tx) => {
    await checkNameFree(tx, input.name, null);
    const [row] = await tx.insert(workTypes).values({ name: input.name.trim(), active: input.active ?? true, multiplier: input.multiplier ?? '1' }).returning();
    return toWorkTypeRead(row!);
  });
}

/** Changes a work type's name, multiplier or active flag (entries keep it either way). */
export async function updateWorkType(db: Executor, workTypeId: number, patch: Partial<WorkTypeInput>): Promise<WorkTypeRead> {
  return inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(workTypes).where(eq(workTypes.id, workTypeId)).for('update');
    if (!current) throw notFound('Work type');
    if (patch.name !== undefined) await checkNameFree(tx, patch.name, workTypeId);
    if (!setsAnything(patch)) return toWorkTypeRead(current);
    const [row] = await tx.update(workTypes).set({ ...patch, name: patch.name?.trim(), updatedAt: new Date() }).where(eq(workTypes.id, workTypeId)).returning();
    return toWorkTypeRead(row!);
  });
}

/** R77: refuses (422 WORK_TYPE_NOT_ALLOWED at `path`) a work type that does not exist or is inactive. */
export async function assertActiveWorkType(db: Executor, workTypeId: number, path: string): Promise<void> {
  const [row] = await db.select({ active: workTypes.active }).from(workTypes).where(eq(workTypes.id, workTypeId));
  if (!row?.active) throw workTypeNotAllowed(path);
}

/** R77: the refusal of a work type that does not exist or is no longer active. */
export function workTypeNotAllowed(path: string): AppError {
  const message = 'No such active work type';
  return new AppError('WORK_TYPE_NOT_ALLOWED', message, [{ path, message }]);
}
