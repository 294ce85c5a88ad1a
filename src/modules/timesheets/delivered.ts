import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.ts';
import { timesheetLineTotals } from './tables.ts';

/**
 * R30: Σ minutes of the billable entries linked to each line, all dates, invoiced or not. The
 * database keeps these sums with every change of an entry (migration 0005), so the cost of a read
 * does not grow with the number of entries.
 */
export async function deliveredMinutesOfLines(db: Executor, lineIds: number[]): Promise<Map<number, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .select({ lineId: timesheetLineTotals.saleOrderLineId, minutes: sql<string>`sum(${timesheetLineTotals.minutes})::text` })
    .from(timesheetLineTotals)
    .where(inArray(timesheetLineTotals.saleOrderLineId, lineIds))
    .groupBy(timesheetLineTotals.saleOrderLineId);
  return new Map(rows.map((r) => [r.lineId, Number(r.minutes)]));
}
