// The SQL forms of the entry rules whose TypeScript forms live in core/billing-status.ts, for the
// statements that must decide in the database (logging time in one statement, filtering lists by
// status). rules-sql.test.ts evaluates both forms on every combination and checks they agree.
import { sql, type SQL } from 'drizzle-orm';

/** R13 in SQL, as `timesheetStatus`: the entry's status from its billable flag, its line and whether a live claim holds it. */
export function timesheetStatusSql(entry: { billable: SQL; saleOrderLineId: SQL; claimed: SQL }): SQL {
  return sql`(CASE WHEN ${entry.claimed} THEN 'invoiced' WHEN NOT ${entry.billable} THEN 'non_billable'
                   WHEN ${entry.saleOrderLineId} IS NULL THEN 'unlinked' ELSE 'to_invoice' END)`;
}

/**
 * R12 in SQL text, as `entryLink`, over SQL expressions (parameters or columns) of the given
 * billable flag (null: default), the explicit line (null: none), the team's billing switch and the
 * ticket's line. Text, not a Drizzle fragment: it is spliced into a prepared statement.
 */
export function entryLinkSql(e: { billable: string; line: string; teamBilling: string; ticketLine: string }): { billable: string; saleOrderLineId: string; pinned: string } {
  const billable = `coalesce(${e.billable}, ${e.line} IS NOT NULL OR ${e.teamBilling})`;
  return {
    billable,
    saleOrderLineId: `CASE WHEN ${billable} THEN coalesce(${e.line}, ${e.ticketLine}) END`,
    pinned: `(${billable} AND ${e.line} IS NOT NULL)`,
  };
}
