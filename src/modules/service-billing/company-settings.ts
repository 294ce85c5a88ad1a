import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { updateCompanySettings, type CompanyChangeGuard, type CompanySettings, type CompanySettingsPatch } from '../accounts/index.ts';

async function anyRow(tx: Tx, query: SQL): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(tx, sql`SELECT EXISTS (${query}) AS found`);
  return row?.found === true;
}

/**
 * What billing fixes in the company settings, asked in the change's transaction. One currency
 * per installation: once an invoice exists, its currency is the books' currency. R5 needs one
 * minutes-per-day for a line's whole life: once day lines carry time or invoices, a new length of
 * day would make invoiced drift from delivered.
 */
const billingGuard: CompanyChangeGuard = async (tx, current, patch) => {
  if (patch.currency !== undefined && patch.currency !== current.currency && (await anyRow(tx, sql`SELECT 1 FROM invoices`))) {
    throw new AppError('CONFLICT', 'Invoices exist in ' + current.currency + '; the currency can no longer change', [{ path: 'currency', message: 'Fixed once invoices exist' }]);
  }
  if (patch.minutesPerDay !== undefined && patch.minutesPerDay !== current.minutesPerDay && (await anyRow(tx, sql`
      SELECT 1 FROM sale_order_lines l WHERE l.unit = 'day'
         AND (EXISTS (SELECT 1 FROM timesheets t WHERE t.sale_order_line_id = l.id)
              OR EXISTS (SELECT 1 FROM invoice_lines i WHERE i.sale_order_line_id = l.id))`))) {
    throw new AppError('CONFLICT', 'Lines sold in days already carry time; the length of a day can no longer change', [{ path: 'minutesPerDay', message: 'Fixed once day lines carry time' }]);
  }
};

/** Changes the company's settings, refusing a currency or a length of day that billing has fixed. */
export function changeCompanySettings(db: Db, patch: CompanySettingsPatch): Promise<CompanySettings> {
  return updateCompanySettings(db, patch, billingGuard);
}
