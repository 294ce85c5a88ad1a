import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { CsvFile } from '../platform/csv-stream.ts';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses } from '../platform/schemas.ts';
import { exportInvoiceLines } from '../modules/invoicing/index.ts';
import { exportTimesheets, exportUnbilledTime } from '../modules/service-billing/index.ts';
import { caller } from './auth-hook.ts';
import { invoiceFilters } from './invoicing.ts';
import { timesheetFilters } from './timesheets.ts';

/** `?bom=1` starts the file with the UTF-8 byte order mark, for spreadsheet programs. */
const bom = z.enum(['0', '1']).transform((v) => v === '1').optional().describe('1: start the file with the UTF-8 byte order mark (for spreadsheets)');
const csv = (description: string) => ({ tags: ['exports'], description: `${description} Answers text/csv (RFC 4180, UTF-8); the columns are listed in README.`, response: { ...errorResponses } });

function sendCsv(reply: FastifyReply, file: CsvFile) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.stream);
}

/** CSV exports (issue 11, decision 0027): streamed files with the filters and scope of the lists they export. */
export function registerExportRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  // Unbilled time is to invoice by definition: neither a status nor an invoice to filter on.
  const { status: _status, invoiceId: _invoiceId, ...unbilledFilters } = timesheetFilters;
  app.get(`${p}/exports/invoice-lines.csv`, {
    config: { access: policy.invoicesRead },
    schema: {
      ...csv('One row per line of the posted invoices and credit notes matching the invoice list\'s filters, by invoice date.'),
      querystring: z.strictObject({ ...invoiceFilters, state: z.literal('posted').optional().describe('Only posted documents are exported'), bom }),
    },
  }, async (r, reply) => sendCsv(reply, await exportInvoiceLines(db, r.query)));
  app.get(`${p}/exports/timesheets.csv`, {
    config: { access: policy.helpdeskRead },
    schema: { ...csv('The timesheet entries the list shows with the same filters, newest date first, every page.'), querystring: z.strictObject({ ...timesheetFilters, bom }) },
  }, async (r, reply) => sendCsv(reply, await exportTimesheets(db, r.query, caller(r))));
  app.get(`${p}/exports/unbilled-time.csv`, {
    config: { access: policy.helpdeskRead },
    schema: {
      ...csv('The time still to invoice (the dashboard\'s "to invoice": on lines billed on timesheets, not claimed by an invoice), with the timesheet list\'s filters.'),
      querystring: z.strictObject({ ...unbilledFilters, bom }),
    },
  }, async (r, reply) => sendCsv(reply, await exportUnbilledTime(db, r.query, caller(r))));
}
