import { and, eq } from 'drizzle-orm';
import { inTransaction, type Db, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { recomputeTotals } from './drafts.ts';
import { invoiceLines, invoices } from './tables.ts';

async function lockDraft(tx: Tx, invoiceId: number) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('no key update');
  if (!invoice) throw notFound('Invoice');
  if (invoice.state === 'posted') throw new AppError('INVOICE_POSTED', `${invoice.number} is posted: reverse it with a credit note instead`);
  return invoice;
}

/** R42: deletes a draft invoice or credit note; the entries it claimed are free again (cascade). */
export async function deleteDraft(db: Db, invoiceId: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockDraft(tx, invoiceId);
    await tx.delete(invoices).where(eq(invoices.id, invoiceId));
  });
}

/** R42: deletes one line of a draft, releasing the entries it claimed, and updates the totals. */
export async function deleteDraftLine(db: Db, invoiceId: number, lineId: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockDraft(tx, invoiceId);
    const deleted = await tx.delete(invoiceLines).where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoiceId))).returning({ id: invoiceLines.id });
    if (deleted.length === 0) throw notFound('Invoice line');
    await recomputeTotals(tx, invoiceId, (await getCompanySettings(tx)).currencyDecimals);
  });
}
