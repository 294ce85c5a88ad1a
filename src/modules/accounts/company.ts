import { eq, sql, type SQL } from 'drizzle-orm';
import { currencyDecimals, formatRate } from '../../core/money.ts';
import { queryRows, type Db, type Executor } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { companySettings } from './tables.ts';

export interface CompanySettings {
  name: string;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  vatId: string | null;
  currency: string;
  currencyDecimals: number;
  minutesPerDay: number;
  paymentTermsDays: number;
  defaultTaxRate: string;
}

/** The company's settings (one row, created by the first migration). */
export async function getCompanySettings(db: Executor): Promise<CompanySettings> {
  const [row] = await db.select().from(companySettings).where(eq(companySettings.id, 1));
  if (!row) throw new Error('company_settings row is missing: the database is not migrated');
  return {
    name: row.name,
    street: row.street,
    city: row.city,
    postalCode: row.postalCode,
    country: row.country,
    vatId: row.vatId,
    currency: row.currency,
    currencyDecimals: currencyDecimals(row.currency),
    minutesPerDay: row.minutesPerDay,
    paymentTermsDays: row.paymentTermsDays,
    defaultTaxRate: formatRate(row.defaultTaxRate),
  };
}

export type CompanySettingsPatch = Partial<Omit<CompanySettings, 'currencyDecimals'>>;

/** True when the query returns a row. */
async function anyRow(db: Executor, query: SQL): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(db, sql`SELECT EXISTS (${query}) AS found`);
  return row?.found === true;
}

/** Changes the company's settings. */
export async function updateCompanySettings(db: Db, patch: CompanySettingsPatch): Promise<CompanySettings> {
  const current = await getCompanySettings(db);
  // Amounts are stored with 2 decimals (NUMERIC(16,2)): v1 takes currencies with 0 or 2 decimals.
  if (patch.currency !== undefined && currencyDecimals(patch.currency) > 2) throw invalid('currency', 'Currencies with 3 decimals are not supported yet');
  // One currency per installation: once an invoice exists, its currency is the books' currency.
  if (patch.currency !== undefined && patch.currency !== current.currency && (await anyRow(db, sql`SELECT 1 FROM invoices`))) {
    throw new AppError('CONFLICT', 'Invoices exist in ' + current.currency + '; the currency can no longer change', [{ path: 'currency', message: 'Fixed once invoices exist' }]);
  }
  // R5 needs one minutes-per-day for a line's whole life: once day lines carry time or invoices,
  // a new length of day would make invoiced drift from delivered.
  if (patch.minutesPerDay !== undefined && patch.minutesPerDay !== current.minutesPerDay && (await anyRow(db, sql`
      SELECT 1 FROM sale_order_lines l WHERE l.unit = 'day'
         AND (EXISTS (SELECT 1 FROM timesheets t WHERE t.sale_order_line_id = l.id)
              OR EXISTS (SELECT 1 FROM invoice_lines i WHERE i.sale_order_line_id = l.id))`))) {
    throw new AppError('CONFLICT', 'Lines sold in days already carry time; the length of a day can no longer change', [{ path: 'minutesPerDay', message: 'Fixed once day lines carry time' }]);
  }
  await db.update(companySettings).set({ ...patch, updatedAt: new Date() }).where(eq(companySettings.id, 1));
  return getCompanySettings(db);
}
