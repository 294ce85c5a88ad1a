// Streaming a CSV export (decision 0027): rows are read in keyset batches, one statement per batch
// outside any transaction, and written to the reply as the client reads, so an export of any size
// holds one batch in memory and no database connection between batches.
import { Readable } from 'node:stream';
import { csvHeader, csvRows, UTF8_BOM, type CsvColumn } from '../core/csv.ts';

/** Rows per statement of an export: a few hundred kilobytes of CSV at most. */
export const EXPORT_BATCH_ROWS = 1000;

/**
 * The rows of a keyset-paginated query, batch after batch: `page(after)` reads at most `size` rows
 * following the row `after` (null: from the first) in the query's order. Ends after a short batch.
 */
export async function* keysetBatches<R>(page: (after: R | null) => Promise<R[]>, size = EXPORT_BATCH_ROWS): AsyncGenerator<R[]> {
  let after: R | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1]!;
  }
}

/** A CSV file to send: its name (for Content-Disposition) and its bytes as a stream. */
export interface CsvFile {
  filename: string;
  stream: Readable;
}

/**
 * The CSV text of `columns` over `batches` as a byte stream: the BOM when asked for, the header,
 * then one chunk per batch, each batch read only when the previous chunk has been taken (the
 * reply's backpressure). The first batch is read before this resolves, so a failing query still
 * answers an error rather than a cut file. A client that goes away destroys the stream, which ends
 * the batches' generator (its `finally` runs) before any further statement.
 */
export async function csvStream<R>(columns: readonly CsvColumn<R>[], batches: AsyncIterable<R[]>, bom: boolean): Promise<Readable> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield Buffer.from(`${bom ? UTF8_BOM : ''}${csvHeader(columns)}${first.done ? '' : csvRows(columns, first.value)}`, 'utf8');
      if (first.done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield Buffer.from(csvRows(columns, next.value), 'utf8');
      }
    } finally {
      await iterator.return?.(undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * The file name of an export over a date range: `timesheets_2026-01-01_2026-01-31.csv`,
 * `timesheets_from-2026-01-01.csv`, `timesheets_until-2026-01-31.csv`, `timesheets_all-dates.csv`.
 */
export function exportFilename(name: string, from: string | undefined, to: string | undefined): string {
  const range = from && to ? `${from}_${to}` : from ? `from-${from}` : to ? `until-${to}` : 'all-dates';
  return `${name}_${range}.csv`;
}
