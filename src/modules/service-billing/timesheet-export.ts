// CSV exports of time (issue 11, decision 0027): the timesheets list as a file, and the time still
// to invoice. Both read the entries through the list's own conditions (`timesheetConditions`) in
// its keyset order, a batch per statement, so the file holds exactly the rows the list pages through.
import { sql, type SQL } from 'drizzle-orm';
import type { CsvColumn } from '../../core/csv.ts';
import { q } from '../../core/quantity.ts';
import { csvStream, EXPORT_BATCH_ROWS, exportFilename, keysetBatches, type CsvFile } from '../../platform/csv-stream.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { claimsOf } from '../invoicing/index.ts';
import { ENTRY_COLUMNS, ENTRY_ORDER, ENTRY_TABLES, entriesAfter, toTimesheetRead, type EntryReadRow, type TimesheetRead } from '../timesheets/index.ts';
import { entryToBill, timesheetConditions, type TimesheetFilters } from './timesheets.ts';

/** An entry as the export writes it: its read shape (status, invoice) and the names around it. */
export interface TimesheetExportRow extends TimesheetRead {
  teamName: string;
  customerName: string | null;
  ticketSubject: string;
  saleOrderNumber: string | null;
  saleOrderLine: string | null;
}

/**
 * The columns of the timesheets and unbilled-time exports, in order. README's "CSV exports" section
 * documents each one; test/exports.test.ts fails when the two differ.
 */
export const TIMESHEET_COLUMNS: readonly CsvColumn<TimesheetExportRow>[] = [
  { name: 'entry_id', kind: 'value', value: (r) => r.id },
  { name: 'date', kind: 'value', value: (r) => r.date },
  { name: 'agent', kind: 'text', value: (r) => r.userName },
  { name: 'team', kind: 'text', value: (r) => r.teamName },
  { name: 'customer', kind: 'text', value: (r) => r.customerName },
  { name: 'ticket_number', kind: 'value', value: (r) => r.ticketNumber },
  { name: 'ticket_subject', kind: 'text', value: (r) => r.ticketSubject },
  { name: 'description', kind: 'text', value: (r) => r.description },
  { name: 'minutes', kind: 'value', value: (r) => r.minutes },
  { name: 'hours', kind: 'value', value: (r) => q(r.minutes, 60) },
  { name: 'billable', kind: 'value', value: (r) => r.billable },
  { name: 'status', kind: 'value', value: (r) => r.status },
  { name: 'sale_order', kind: 'value', value: (r) => r.saleOrderNumber },
  { name: 'sale_order_line', kind: 'text', value: (r) => r.saleOrderLine },
  { name: 'invoice_number', kind: 'value', value: (r) => r.invoiceNumber },
  { name: 'billed_minutes', kind: 'value', value: (r) => r.billedMinutes },
];

type Row = EntryReadRow & { team_name: string; customer_name: string | null; ticket_subject: string; sale_order_number: string | null; sale_order_line: string | null };

/** The export's batches: the entries matching `conditions`, newest date first, with their claims (R41) and names. */
function entryBatches(db: Executor, conditions: SQL[]): AsyncGenerator<TimesheetExportRow[]> {
  return keysetBatches(async (after: TimesheetExportRow | null) => {
    const where = after ? [...conditions, entriesAfter(after.date, Number(after.id))] : conditions;
    const rows = await queryRows<Row>(db, sql`
      SELECT ${ENTRY_COLUMNS}, m.name AS team_name, cu.name AS customer_name, k.subject AS ticket_subject,
             so.number AS sale_order_number, sl.description AS sale_order_line
        FROM ${ENTRY_TABLES}
        JOIN teams m ON m.id = k.team_id
        LEFT JOIN customers cu ON cu.id = k.customer_id
        LEFT JOIN sale_order_lines sl ON sl.id = t.sale_order_line_id
        LEFT JOIN sale_orders so ON so.id = sl.order_id
       WHERE ${sql.join(where, sql` AND `)}
       ${ENTRY_ORDER} LIMIT ${EXPORT_BATCH_ROWS}`);
    const claims = await claimsOf(db, rows.map((r) => r.id));
    return rows.map((r) => ({
      ...toTimesheetRead(r, claims.get(r.id) ?? null),
      teamName: r.team_name, customerName: r.customer_name, ticketSubject: r.ticket_subject,
      saleOrderNumber: r.sale_order_number, saleOrderLine: r.sale_order_line,
    }));
  });
}

export type TimesheetExportFilters = Omit<TimesheetFilters, 'ticketId'> & { bom?: boolean | undefined };

/** The timesheets list as a CSV file: the same filters, scope (an agent's teams) and rows, every page of them. */
export async function exportTimesheets(db: Executor, f: TimesheetExportFilters, actor: AuthContext): Promise<CsvFile> {
  const stream = await csvStream(TIMESHEET_COLUMNS, entryBatches(db, timesheetConditions(f, actor)), f.bom ?? false);
  return { filename: exportFilename('timesheets', f.dateFrom, f.dateTo), stream };
}

/**
 * The time still to invoice as a CSV file: the entries the dashboard's "to invoice" counts
 * (`entryToBill`), with the list's filters and scope; the same columns as the timesheets export.
 */
export async function exportUnbilledTime(db: Executor, f: Omit<TimesheetExportFilters, 'status' | 'invoiceId'>, actor: AuthContext): Promise<CsvFile> {
  const conditions = [...timesheetConditions(f, actor), entryToBill('t')];
  const stream = await csvStream(TIMESHEET_COLUMNS, entryBatches(db, conditions), f.bom ?? false);
  return { filename: exportFilename('unbilled-time', f.dateFrom, f.dateTo), stream };
}
