import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db.ts';
import { entryStatusIs } from './timesheets.ts';

/**
 * R78, before a line's increments change: locks the line's entries that no invoice claims (its
 * order is already locked, as an invoice run locks it first, so the two take turns). Entries
 * before the line: a relink holds its entries when its trigger share-locks their new line, so
 * taking them in this order waits for it instead of deadlocking.
 */
export async function lockEntriesToRebill(tx: Tx, lineId: number): Promise<void> {
  await tx.execute(sql`SELECT t.id FROM timesheets t WHERE t.sale_order_line_id = ${lineId} AND ${entryStatusIs('to_invoice', 't')} ORDER BY t.id FOR UPDATE OF t`);
}

/**
 * R78, after a line's increments changed: recomputes the billed minutes of the line's entries
 * that no invoice claims, with the database's formula (billed_entry_minutes, migration 0022), in
 * the same transaction. Claimed entries keep what they billed (the database refuses to change
 * them). Each changed entry gets an audit row from its trigger. Returns how many changed.
 */
export async function rebillEntries(tx: Tx, lineId: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(tx, sql`
    UPDATE timesheets t
       SET billed_minutes = billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
      FROM sale_order_lines l
     WHERE l.id = ${lineId} AND t.sale_order_line_id = l.id AND ${entryStatusIs('to_invoice', 't')}
       AND t.billed_minutes <> billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
    RETURNING t.id`);
  return rows.length;
}
