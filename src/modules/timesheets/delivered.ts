import { sql, type SQL } from 'drizzle-orm';

/**
 * R30 in SQL: Σ minutes of the billable entries linked to the line `lineId` names (NULL when none),
 * all dates, invoiced or not. The database keeps these sums per ticket and line with every change
 * of an entry (timesheet_sums, migration 0005): a read adds a row per ticket of the line, however
 * many entries it has.
 */
export function deliveredMinutesSql(lineId: SQL): SQL {
  return sql`(SELECT sum(delivered_minutes) FROM timesheet_sums WHERE sale_order_line_id = ${lineId})`;
}
