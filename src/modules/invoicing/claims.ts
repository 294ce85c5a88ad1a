import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Executor } from '../../platform/db.ts';

/** The invoice (draft or posted) whose line claims each of these entries (R41); entries without a live claim are absent. */
export async function claimsOf(db: Executor, timesheetIds: number[]): Promise<Map<number, { invoiceId: number; invoiceNumber: string | null }>> {
  if (timesheetIds.length === 0) return new Map();
  const rows = await queryRows<{ timesheet_id: number; invoice_id: number; number: string | null }>(db, sql`
    SELECT c.timesheet_id, l.invoice_id, i.number
      FROM timesheet_claims c JOIN invoice_lines l ON l.id = c.invoice_line_id JOIN invoices i ON i.id = l.invoice_id
     WHERE c.timesheet_id = ANY(${pgArray(timesheetIds)}::bigint[])`);
  return new Map(rows.map((r) => [r.timesheet_id, { invoiceId: r.invoice_id, invoiceNumber: r.number }]));
}

/** R15: the invoice claiming an entry, named for a refusal ("INV/2026/00001", "draft invoice 12"), or null. */
export async function claimingInvoice(db: Executor, timesheetId: number): Promise<string | null> {
  const claim = (await claimsOf(db, [timesheetId])).get(timesheetId);
  if (!claim) return null;
  return claim.invoiceNumber ?? `draft invoice ${claim.invoiceId}`;
}
