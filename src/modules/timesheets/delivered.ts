import { sql, type SQL } from 'drizzle-orm';

/**
 * R30 in SQL: Σ minutes of the billable entries linked to the line `lineId` names (NULL when none),
 * all dates, invoiced or not. The database keeps these sums with every change of an entry
 * (migration 0005), so the cost of a read does not grow with the number of entries.
 */
export function deliveredMinutesSql(lineId: SQL): SQL {
  return sql`(SELECT sum(minutes) FROM timesheet_line_totals WHERE sale_order_line_id = ${lineId})`;
}
