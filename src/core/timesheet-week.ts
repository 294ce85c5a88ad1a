// R68: the weekly timesheet grid. A cell is one agent's minutes on one ticket on one day, the sum
// of the entries there; what saving a new value does to those entries is decided here.
import { addDays } from './dates.ts';

/** An entry of a cell: its minutes, and whether an invoice claims it (R15: its minutes are frozen). */
export interface CellEntry {
  id: number;
  minutes: number;
  invoiced: boolean;
}

/** What saving a cell does: nothing, log a new entry, change or delete its one entry, or refuse. */
export type CellChange =
  | { kind: 'none' }
  | { kind: 'log'; minutes: number }
  | { kind: 'update'; id: number; minutes: number }
  | { kind: 'delete'; id: number }
  | { kind: 'refuse' };

/** The seven dates of the week starting on `monday`: weekDays('2026-11-30')[6] === '2026-12-06'. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** True for a Monday: isMonday('2026-11-30') === true. */
export function isMonday(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}

/** The Monday of the week of `date`: mondayOf('2026-12-06') === '2026-11-30'. */
export function mondayOf(date: string): string {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/** The minutes a cell shows: the sum of its entries. */
export const cellMinutes = (entries: readonly CellEntry[]): number => entries.reduce((sum, e) => sum + e.minutes, 0);

/** A cell may go down (or be emptied) only when it holds at most one entry, not invoiced. */
export const cellCanLower = (entries: readonly CellEntry[]): boolean => entries.length <= 1 && !entries.some((e) => e.invoiced);

/**
 * R68: what typing `minutes` in a cell holding `entries` does. An empty cell logs an entry; a cell
 * with exactly one entry not invoiced changes it (0 deletes it); any other cell (several entries,
 * or an invoiced one) only grows, by a new entry for the difference: 2 × 30 min typed as 1:30
 * logs 30 more; typed as 0:45 it is refused.
 */
export function cellChange(entries: readonly CellEntry[], minutes: number): CellChange {
  const current = cellMinutes(entries);
  if (minutes === current) return { kind: 'none' };
  if (entries.length === 0) return { kind: 'log', minutes };
  const [only] = entries;
  if (only && cellCanLower(entries)) return minutes === 0 ? { kind: 'delete', id: only.id } : { kind: 'update', id: only.id, minutes };
  return minutes > current ? { kind: 'log', minutes: minutes - current } : { kind: 'refuse' };
}
