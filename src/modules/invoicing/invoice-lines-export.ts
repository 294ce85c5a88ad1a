// The invoice lines export for accounting (issue 11, decision 0027): one CSV row per line of every
// posted invoice and credit note matching the invoice list's filters, by invoice date then number
// order, read a batch per statement (keyset on the date, the document and the line).
import { sql, type SQL } from 'drizzle-orm';
import type { CsvColumn } from '../../core/csv.ts';
import { currencyDecimals, formatPrice, formatRate, sumAmounts } from '../../core/money.ts';
import { csvStream, EXPORT_BATCH_ROWS, exportFilename, keysetBatches, type CsvFile } from '../../platform/csv-stream.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import { invoiceConditions, type InvoiceFilters } from './invoice-read.ts';
import { invoices } from './tables.ts';

/** A line of a posted document with the document's facts, as the statement reads it. */
export interface InvoiceLineExportRow {
  invoice_id: number;
  kind: 'invoice' | 'credit_note';
  number: string;
  invoice_date: string;
  due_date: string | null;
  period_start: string | null;
  period_end: string | null;
  currency: string;
  customer_id: number;
  customer_name: string | null;
  customer_vat_id: string | null;
  customer_country: string | null;
  sale_order_number: string | null;
  credited_invoice_number: string | null;
  amount_untaxed: string;
  amount_tax: string;
  amount_total: string;
  line_id: number;
  sequence: number;
  line_number: number;
  description: string;
  unit: string;
  quantity: string;
  unit_price: string;
  tax_rate: string;
  subtotal: string;
  tax_amount: string;
}

/**
 * The columns of the invoice lines export, in order. README's "CSV exports" section documents
 * each one; test/exports.test.ts fails when the two differ. Amounts are as printed on the document
 * (positive on a credit note too); `sign` is -1 on a credit note, for summing revenue.
 */
export const INVOICE_LINE_COLUMNS: readonly CsvColumn<InvoiceLineExportRow>[] = [
  { name: 'document_type', kind: 'value', value: (r) => r.kind },
  { name: 'number', kind: 'value', value: (r) => r.number },
  { name: 'invoice_date', kind: 'value', value: (r) => r.invoice_date },
  { name: 'due_date', kind: 'value', value: (r) => r.due_date },
  { name: 'period_start', kind: 'value', value: (r) => r.period_start },
  { name: 'period_end', kind: 'value', value: (r) => r.period_end },
  { name: 'customer_id', kind: 'value', value: (r) => String(r.customer_id) },
  { name: 'customer_name', kind: 'text', value: (r) => r.customer_name },
  { name: 'customer_vat_id', kind: 'text', value: (r) => r.customer_vat_id },
  { name: 'customer_country', kind: 'text', value: (r) => r.customer_country },
  { name: 'sale_order', kind: 'value', value: (r) => r.sale_order_number },
  { name: 'credited_invoice', kind: 'value', value: (r) => r.credited_invoice_number },
  { name: 'line_number', kind: 'value', value: (r) => r.line_number },
  { name: 'description', kind: 'text', value: (r) => r.description },
  { name: 'quantity', kind: 'value', value: (r) => r.quantity },
  { name: 'unit', kind: 'value', value: (r) => r.unit },
  { name: 'unit_price', kind: 'value', value: (r) => formatPrice(r.unit_price, currencyDecimals(r.currency)) },
  { name: 'tax_rate', kind: 'value', value: (r) => formatRate(r.tax_rate) },
  { name: 'currency', kind: 'value', value: (r) => r.currency },
  { name: 'net_amount', kind: 'value', value: (r) => r.subtotal },
  { name: 'tax_amount', kind: 'value', value: (r) => r.tax_amount },
  { name: 'gross_amount', kind: 'value', value: (r) => sumAmounts([r.subtotal, r.tax_amount], currencyDecimals(r.currency)) },
  { name: 'sign', kind: 'value', value: (r) => (r.kind === 'credit_note' ? -1 : 1) },
  { name: 'document_net_total', kind: 'value', value: (r) => r.amount_untaxed },
  { name: 'document_tax_total', kind: 'value', value: (r) => r.amount_tax },
  { name: 'document_gross_total', kind: 'value', value: (r) => r.amount_total },
];

/** The document and line a batch continues after, in the export's order. */
function linesAfter(r: InvoiceLineExportRow): SQL {
  // A range on the date (as timesheets/read.ts: entriesAfter) so that the planner walks the index
  // on (invoice_date, id) of posted documents from the cursor instead of sorting the rest.
  return sql`${invoices.invoiceDate} >= ${r.invoice_date}::date
    AND (${invoices.invoiceDate} > ${r.invoice_date}::date OR (${invoices.id}, l.sequence, l.id) > (${r.invoice_id}, ${r.sequence}, ${r.line_id}))`;
}

function lineBatches(db: Executor, conditions: SQL[], size: number): AsyncGenerator<InvoiceLineExportRow[]> {
  return keysetBatches((after: InvoiceLineExportRow | null) => {
    const where = after ? [...conditions, linesAfter(after)] : conditions;
    return queryRows<InvoiceLineExportRow>(db, sql`
      SELECT invoices.id AS invoice_id, invoices.kind, invoices.number, invoices.invoice_date::text AS invoice_date, invoices.due_date::text AS due_date,
             invoices.period_start::text AS period_start, invoices.period_end::text AS period_end, invoices.currency, invoices.customer_id,
             invoices.customer_name, invoices.customer_vat_id, invoices.customer_country, so.number AS sale_order_number, ri.number AS credited_invoice_number,
             invoices.amount_untaxed::text AS amount_untaxed, invoices.amount_tax::text AS amount_tax, invoices.amount_total::text AS amount_total,
             l.id AS line_id, l.sequence,
             (SELECT count(*) FROM invoice_lines x WHERE x.invoice_id = l.invoice_id AND (x.sequence, x.id) <= (l.sequence, l.id)) AS line_number,
             l.description, l.unit, l.quantity::text AS quantity, l.unit_price::text AS unit_price, l.tax_rate::text AS tax_rate,
             l.subtotal::text AS subtotal, l.tax_amount::text AS tax_amount
        FROM invoices
        JOIN invoice_lines l ON l.invoice_id = invoices.id
        LEFT JOIN sale_orders so ON so.id = invoices.sale_order_id
        LEFT JOIN invoices ri ON ri.id = invoices.reversed_invoice_id
       WHERE ${sql.join(where, sql` AND `)}
       ORDER BY invoices.invoice_date, invoices.id, l.sequence, l.id
       LIMIT ${size}`);
  }, size);
}

export type InvoiceLinesExportFilters = Omit<InvoiceFilters, 'state'> & { state?: 'posted' | undefined; bom?: boolean | undefined };

/**
 * The lines of the posted invoices and credit notes matching the invoice list's filters (drafts
 * are not accounting facts: no number, no date, still changing), as a CSV file, read `batchRows`
 * lines per statement.
 */
export async function exportInvoiceLines(db: Executor, f: InvoiceLinesExportFilters, batchRows = EXPORT_BATCH_ROWS): Promise<CsvFile> {
  const conditions = invoiceConditions({ ...f, state: 'posted' });
  const stream = await csvStream(INVOICE_LINE_COLUMNS, lineBatches(db, conditions, batchRows), f.bom ?? false);
  return { filename: exportFilename('invoice-lines', f.dateFrom, f.dateTo), stream };
}
