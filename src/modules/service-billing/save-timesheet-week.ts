import { sql } from 'drizzle-orm';
import { cellChange, type CellEntry } from '../../core/timesheet-week.ts';
import { inOneTransaction, pgArray, queryRows, type Db } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { lockTicketForTime } from '../helpdesk/index.ts';
import { assertMayLogFor } from '../timesheets/index.ts';
import { cellKey, getTimesheetWeek, weekEntries, weekOf, type TimesheetWeek } from './timesheet-week.ts';
import { deleteTimesheet, logTime, updateTimesheet } from './timesheets.ts';

export interface WeekCellInput {
  ticketId: string;
  date: string;
  minutes: number;
}

/** The description of the entry that makes a cell of several (or invoiced) entries grow. */
export const WEEK_CORRECTION = 'Added in the weekly timesheet';

/**
 * R68: saves the cells typed in an agent's week, all or nothing. Each cell goes through the use
 * cases of a single entry (log, change, delete: R11, R12, R14, R15 and the agent's own time are
 * theirs), as `cellChange` decides; a refusal names its cell (`cells.<i>.minutes`).
 */
export async function saveTimesheetWeek(db: Db, actor: AuthContext, input: { agentId?: string | undefined; weekStart: string; cells: WeekCellInput[] }): Promise<TimesheetWeek> {
  const days = weekOf(input.weekStart);
  const agentId = input.agentId ? Number(input.agentId) : actor.userId;
  assertMayLogFor(actor, agentId);
  const seen = new Set<string>();
  input.cells.forEach((cell, i) => {
    if (!days.includes(cell.date)) throw invalid(`cells.${i}.date`, `${cell.date} is not a day of the week of ${input.weekStart}`);
    const key = cellKey(Number(cell.ticketId), cell.date);
    if (seen.has(key)) throw invalid(`cells.${i}`, 'The same ticket and day twice');
    seen.add(key);
  });
  const ticketIds = [...new Set(input.cells.map((c) => Number(c.ticketId)))].sort((a, b) => a - b);
  await inOneTransaction(db, async (tx) => {
    // The tickets first, in one order (as every change of time locks them), then their entries.
    for (const id of ticketIds) await lockTicketForTime(tx, id);
    const entries = await weekEntries(tx, agentId, days, actor);
    const numbers = new Map((await queryRows<{ id: number; number: number }>(tx, sql`SELECT id, number FROM tickets WHERE id = ANY(${pgArray(ticketIds)}::bigint[])`)).map((r) => [r.id, r.number]));
    for (const [i, cell] of input.cells.entries()) {
      const where = `#${numbers.get(Number(cell.ticketId)) ?? cell.ticketId} on ${cell.date}`;
      try {
        await applyCell(db, actor, agentId, cell, entries.get(cellKey(Number(cell.ticketId), cell.date)) ?? []);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError(error.code, `${where}: ${error.message}`, [{ path: `cells.${i}.minutes`, message: error.message }]);
      }
    }
  });
  return getTimesheetWeek(db, actor, { agentId: String(agentId), weekStart: input.weekStart, includeAssigned: true });
}

async function applyCell(db: Db, actor: AuthContext, agentId: number, cell: WeekCellInput, entries: CellEntry[]): Promise<void> {
  const change = cellChange(entries, cell.minutes);
  const userId = String(agentId);
  switch (change.kind) {
    case 'none':
      return;
    case 'log':
      await logTime(db, Number(cell.ticketId), actor, { date: cell.date, userId, minutes: change.minutes, description: entries.length ? WEEK_CORRECTION : '' });
      return;
    case 'update':
      await updateTimesheet(db, change.id, { minutes: change.minutes }, actor);
      return;
    case 'delete':
      await deleteTimesheet(db, change.id, actor);
      return;
    case 'refuse':
      throw new AppError('TIMESHEET_CELL_ONLY_GROWS', 'This cell holds several entries or invoiced time: it can only grow here; change its entries on the ticket');
  }
}
