import { eq } from 'drizzle-orm';
import { currencyDecimals, formatRate } from '../../core/money.ts';
import type { Db, Executor } from '../../platform/db.ts';
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

/** Changes the company's settings. */
export async function updateCompanySettings(db: Db, patch: CompanySettingsPatch): Promise<CompanySettings> {
  await db.update(companySettings).set({ ...patch, updatedAt: new Date() }).where(eq(companySettings.id, 1));
  return getCompanySettings(db);
}
