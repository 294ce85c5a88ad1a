// R68: one agent's week as a grid, tickets × days. The cells are sums of the agent's entries; the
// billing fact that decides what a cell may do (an invoice claims an entry, R15) comes from invoicing.
import { sql } from 'drizzle-orm';
import { cellCanLower, cellMinutes, isMonday, weekDays, type CellEntry } from '../../core/timesheet-week.ts';
import { logsForOthers, policy, roleAllowed } from '../../platform/access.ts';
import { pgArray, queryRows, type Executor } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';
import { claimsOf } from '../invoicing/index.ts';

export interface WeekCell {
  date: string;
  minutes: number;
  entryCount: number;
  /** The caller may change this cell: their own week (or anyone's for managers), an open ticket with timesheets. */
  editable: boolean;
  /** The cell may go down or be emptied (at most one entry, not invoiced); otherwise it only grows. */
  canLower: boolean;
}

export interface WeekRow {
  ticketId: string;
  ticketNumber: number;
  subject: string;
  closed: boolean;
  cells: WeekCell[];
}

export interface TimesheetWeek {
  agentId: string;
  agentName: string;
  weekStart: string;
  days: string[];
  rows: WeekRow[];
}

/** The seven days of the week starting at `weekStart`; 400 naming `weekStart` unless it is a Monday. */
export function weekOf(weekStart: string): string[] {
  if (!isMonday(weekStart)) throw invalid('weekStart', 'A week starts on a Monday');
  return weekDays(weekStart);
}

/** The key of a cell in the maps below. */
export const cellKey = (ticketId: number, date: string) => `${ticketId}|${date}`;

/** The agent's entries of these days on tickets the caller sees, by cell, oldest first. */
export async function weekEntries(db: Executor, agentId: number, days: string[], actor: AuthContext): Promise<Map<string, CellEntry[]>> {
  const rows = await queryRows<{ id: number; ticket_id: number; date: string; minutes: number }>(db, sql`
    SELECT t.id, t.ticket_id, t.date::text AS date, t.minutes
      FROM timesheets t JOIN tickets k ON k.id = t.ticket_id
     WHERE t.user_id = ${agentId} AND t.date BETWEEN ${days[0]}::date AND ${days[6]}::date AND ${ticketTeamVisible(actor, sql`k.team_id`)}
     ORDER BY t.id`);
  const claims = await claimsOf(db, rows.map((r) => r.id));
  const cells = new Map<string, CellEntry[]>();
  for (const r of rows) {
    const key = cellKey(r.ticket_id, r.date);
    cells.set(key, [...(cells.get(key) ?? []), { id: r.id, minutes: r.minutes, invoiced: claims.has(r.id) }]);
  }
  return cells;
}

/**
 * R68: the week of `agentId` (the caller by default) from the Monday `weekStart`: a row per ticket
 * the caller sees where the agent logged time that week, plus, with `includeAssigned`, the open
 * tickets assigned to the agent; by ticket number. 404 for a user who is not staff.
 */
export async function getTimesheetWeek(db: Executor, actor: AuthContext, q: { agentId?: string | undefined; weekStart: string; includeAssigned?: boolean | undefined }): Promise<TimesheetWeek> {
  const days = weekOf(q.weekStart);
  const agentId = q.agentId ? Number(q.agentId) : actor.userId;
  const [agent] = await queryRows<{ name: string }>(db, sql`SELECT name FROM users WHERE id = ${agentId} AND role <> 'customer'`);
  if (!agent) throw notFound('Agent');
  const entries = await weekEntries(db, agentId, days, actor);
  const logged = [...new Set([...entries.keys()].map((key) => Number(key.split('|')[0])))];
  const tickets = await queryRows<{ id: number; number: number; subject: string; closed: boolean; timesheets_enabled: boolean }>(db, sql`
    SELECT k.id, k.number, k.subject, s.closed, m.timesheets_enabled
      FROM tickets k JOIN stages s ON s.id = k.stage_id JOIN teams m ON m.id = k.team_id
     WHERE ${ticketTeamVisible(actor, sql`k.team_id`)}
       AND (k.id = ANY(${pgArray(logged)}::bigint[])
            OR (${q.includeAssigned === true} AND k.assignee_id = ${agentId} AND NOT s.closed AND m.timesheets_enabled))
     ORDER BY k.number`);
  const mayWrite = roleAllowed(policy.helpdeskWrite, actor.role) && (agentId === actor.userId || logsForOthers(actor.role));
  const rows = tickets.map((k) => ({
    ticketId: String(k.id), ticketNumber: k.number, subject: k.subject, closed: k.closed,
    cells: days.map((date) => {
      const cell = entries.get(cellKey(k.id, date)) ?? [];
      const editable = mayWrite && !k.closed && k.timesheets_enabled;
      return { date, minutes: cellMinutes(cell), entryCount: cell.length, editable, canLower: editable && cellCanLower(cell) };
    }),
  }));
  return { agentId: String(agentId), agentName: agent.name, weekStart: q.weekStart, days, rows };
}
