// Issue 12 (R66, decision 0030): tax records. A tax is never deleted (lines name it); it is
// deactivated, and then no new line takes it.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { formatRate } from '../../core/money.ts';
import { rateFitsCategory, type TaxCategory } from '../../core/taxes.ts';
import { setsAnything, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { taxes } from './tables.ts';

export interface TaxRead {
  id: string;
  name: string;
  rate: string;
  category: TaxCategory;
  active: boolean;
}

export interface TaxInput {
  name: string;
  rate: string;
  category: TaxCategory;
  active?: boolean | undefined;
}

export type TaxRow = typeof taxes.$inferSelect;

const toTaxRead = (row: TaxRow): TaxRead => ({ id: String(row.id), name: row.name, rate: formatRate(row.rate), category: row.category, active: row.active });

/** R66: only a standard tax has a rate above 0 (422 TAX_RATE_NOT_IN_CATEGORY, naming `rate`). */
function checkRate(category: TaxCategory, rate: string): void {
  if (rateFitsCategory(category, rate)) return;
  const message = category === 'standard' ? 'A standard tax has a rate above 0' : 'Only a standard tax has a rate above 0; this category takes 0';
  throw new AppError('TAX_RATE_NOT_IN_CATEGORY', message, [{ path: 'rate', message }]);
}

async function checkNameFree(db: Executor, name: string, exceptId: number | null): Promise<void> {
  const [row] = await db.select({ id: taxes.id }).from(taxes).where(sql`lower(${taxes.name}) = lower(${name})`);
  if (row && row.id !== exceptId) throw new AppError('CONFLICT', 'A tax with this name already exists', [{ path: 'name', message: 'Already used' }]);
}

/** The taxes, standard ones first by rate, then the zero-rate categories (filter: active). */
export async function listTaxes(db: Executor, query: { active?: boolean | undefined }): Promise<TaxRead[]> {
  const rows = await db.select().from(taxes)
    .where(query.active === undefined ? undefined : eq(taxes.active, query.active))
    .orderBy(sql`${taxes.category} <> 'standard'`, sql`${taxes.rate} DESC`, asc(taxes.name), asc(taxes.id));
  return rows.map(toTaxRead);
}

/** Some taxes by id (for the snapshot of invoice lines). */
export async function taxRowsByIds(db: Executor, ids: number[]): Promise<Map<number, TaxRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(taxes).where(inArray(taxes.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Loads a tax row, or null. */
export async function findTaxRow(db: Executor, taxId: number): Promise<TaxRow | null> {
  const [row] = await db.select().from(taxes).where(eq(taxes.id, taxId));
  return row ?? null;
}

/** The first active tax of a category (for a standard one, of that rate), or null. */
export async function activeTaxOf(db: Executor, category: TaxCategory, rate?: string): Promise<TaxRow | null> {
  const [row] = await db.select().from(taxes)
    .where(and(eq(taxes.active, true), eq(taxes.category, category), rate === undefined ? undefined : sql`${taxes.rate} = ${rate}::numeric`))
    .orderBy(asc(taxes.id)).limit(1);
  return row ?? null;
}

/** Creates a tax (R66: its rate fits its category; names are unique, whatever their case). */
export async function createTax(db: Db, input: TaxInput): Promise<TaxRead> {
  checkRate(input.category, input.rate);
  await checkNameFree(db, input.name, null);
  const [row] = await db.insert(taxes).values({ name: input.name, rate: input.rate, category: input.category, active: input.active ?? true }).returning();
  return toTaxRead(row!);
}

/** Changes a tax; lines keep the rate they copied, invoice lines the snapshot they took. */
export async function updateTax(db: Db, taxId: number, patch: Partial<TaxInput>): Promise<TaxRead> {
  const current = await findTaxRow(db, taxId);
  if (!current) throw notFound('Tax');
  checkRate(patch.category ?? current.category, patch.rate ?? current.rate);
  if (patch.name !== undefined) await checkNameFree(db, patch.name, taxId);
  if (!setsAnything(patch)) return toTaxRead(current);
  const [row] = await db.update(taxes).set(patch).where(eq(taxes.id, taxId)).returning();
  return toTaxRead(row!);
}
