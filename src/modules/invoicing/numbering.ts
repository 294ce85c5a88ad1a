import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db.ts';

export type Series = 'INV' | 'RINV';

/**
 * R43: the next number of a series for a year, from a counter row updated in the posting
 * transaction. The row lock serializes concurrent posts; a rollback gives the number back, so
 * numbers have no gaps and no duplicates. Example: `INV/2026/00001`.
 */
export async function nextDocumentNumber(tx: Tx, series: Series, year: number): Promise<string> {
  const rows = await queryRows<{ last_number: number }>(tx, sql`
    INSERT INTO document_sequences (series, year, last_number) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_number = document_sequences.last_number + 1
    RETURNING last_number`);
  const n = Number(rows[0]!.last_number);
  return `${series}/${year}/${String(n).padStart(5, '0')}`;
}
