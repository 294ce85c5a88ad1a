import { eq } from 'drizzle-orm';
import { INVOICE_MAIL_PLACEHOLDERS, unknownPlaceholders } from '../../core/mail-template.ts';
import { currencyDecimals, formatRate } from '../../core/money.ts';
import { partyIdentifierProblems } from '../../core/party-ids.ts';
import { inTransaction, type Db, type Executor, type Tx } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';
import { companySettings } from './tables.ts';

export interface CompanySettings {
  name: string;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  vatId: string | null;
  /** Legal registration id (BT-30) and its ISO 6523 scheme; Peppol endpoint (BT-34) and its EAS scheme. */
  registrationId: string | null;
  registrationScheme: string | null;
  peppolEndpointId: string | null;
  peppolEndpointScheme: string | null;
  /** The account customers pay into by credit transfer (BT-84, BT-86). */
  iban: string | null;
  bic: string | null;
  currency: string;
  currencyDecimals: number;
  minutesPerDay: number;
  paymentTermsDays: number;
  /** R72: how to pay, printed on invoices under the totals ("Payment within 30 days by bank transfer"); '' for none. */
  paymentTermsText: string;
  defaultTaxRate: string;
  /** The invoice mail's subject and body, with placeholders (core/mail-template.ts). */
  invoiceMailSubject: string;
  invoiceMailBody: string;
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
    registrationId: row.registrationId,
    registrationScheme: row.registrationScheme,
    peppolEndpointId: row.peppolEndpointId,
    peppolEndpointScheme: row.peppolEndpointScheme,
    iban: row.iban,
    bic: row.bic,
    currency: row.currency,
    currencyDecimals: currencyDecimals(row.currency),
    minutesPerDay: row.minutesPerDay,
    paymentTermsDays: row.paymentTermsDays,
    paymentTermsText: row.paymentTermsText,
    defaultTaxRate: formatRate(row.defaultTaxRate),
    invoiceMailSubject: row.invoiceMailSubject,
    invoiceMailBody: row.invoiceMailBody,
  };
}

export type CompanySettingsPatch = Partial<Omit<CompanySettings, 'currencyDecimals'>>;

/**
 * Checks, inside the change's transaction and with the settings row locked, whether the records
 * of other capabilities still allow a change (the bridge answers: currency and length of a day
 * are fixed once invoices or time depend on them). Throws to refuse.
 */
export type CompanyChangeGuard = (tx: Tx, current: CompanySettings, patch: CompanySettingsPatch) => Promise<void>;

/** Changes the company's settings; `guard` may refuse the change (see CompanyChangeGuard). */
export async function updateCompanySettings(db: Db, patch: CompanySettingsPatch, guard?: CompanyChangeGuard): Promise<CompanySettings> {
  // Amounts are stored with 2 decimals (NUMERIC(16,2)): v1 takes currencies with 0 or 2 decimals.
  if (patch.currency !== undefined && currencyDecimals(patch.currency) > 2) throw invalid('currency', 'Currencies with 3 decimals are not supported yet');
  for (const field of ['invoiceMailSubject', 'invoiceMailBody'] as const) {
    const unknown = unknownPlaceholders(patch[field] ?? '');
    if (unknown.length > 0) throw invalid(field, `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{${n}}`).join(', ')}; known: ${Object.keys(INVOICE_MAIL_PLACEHOLDERS).map((n) => `{${n}}`).join(', ')}`);
  }
  return inTransaction(db, async (tx) => {
    await tx.select({ id: companySettings.id }).from(companySettings).where(eq(companySettings.id, 1)).for('update');
    const current = await getCompanySettings(tx);
    const [problem] = partyIdentifierProblems(current, patch);
    if (problem) throw invalid(problem.path, problem.message);
    if (guard) await guard(tx, current, patch);
    await tx.update(companySettings).set({ ...patch, updatedAt: new Date() }).where(eq(companySettings.id, 1));
    return getCompanySettings(tx);
  });
}
