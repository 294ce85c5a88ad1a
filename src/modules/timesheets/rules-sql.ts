// The SQL forms of the entry rules whose TypeScript forms live in core/billing-status.ts, for the
// statements that must decide in the database (logging time in one statement, filtering lists by
// status). rules-sql.test.ts evaluates both forms on every combination and checks they agree.
import { sql, type SQL } from 'drizzle-orm';
import type { TimesheetStatus } from '../../core/billing-status.ts';

/**
 * R13 in SQL, as `timesheetStatus`: true when the entry (its billable flag, its line, and whether
 * a live claim holds it) has this status. A condition rather than a CASE value, so that the
 * planner can turn `NOT EXISTS (claim)` into an anti-join on long lists and invoice runs.
 */
export function timesheetStatusIsSql(status: TimesheetStatus, entry: { billable: SQL; saleOrderLineId: SQL; claimed: SQL }): SQL {
  const unclaimed = sql`NOT ${entry.claimed}`;
  switch (status) {
    case 'invoiced':
      return sql`(${entry.claimed})`;
    case 'non_billable':
      return sql`(${unclaimed} AND NOT ${entry.billable})`;
    case 'unlinked':
      return sql`(${unclaimed} AND ${entry.billable} AND ${entry.saleOrderLineId} IS NULL)`;
    case 'to_invoice':
      return sql`(${unclaimed} AND ${entry.billable} AND ${entry.saleOrderLineId} IS NOT NULL)`;
  }
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
