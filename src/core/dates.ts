// Calendar dates as 'YYYY-MM-DD' strings in UTC, the form timesheets and invoices store.
// Plain date arithmetic; todayUtc() is the one reading of the clock.

/** Today's date in UTC. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

const parse = (date: string): Date => new Date(`${date}T00:00:00Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);

/** addDays('2026-11-28', 3) === '2026-12-01'. */
export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const day = parse(date).getUTCDay();
  return day === 0 || day === 6;
}

/** The first day of the month `monthsBack` months before the month of `date`: monthStart('2026-11-28', 2) === '2026-09-01'. */
export function monthStart(date: string, monthsBack: number): string {
  const d = parse(date);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)));
}

/** The last day of the month of `date`: monthEnd('2026-02-10') === '2026-02-28'. */
export function monthEnd(date: string): string {
  const d = parse(date);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** Whole days from a to b: daysBetween('2026-11-01', '2026-11-28') === 27. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / 86_400_000);
}

export const minDate = (a: string, b: string): string => (a < b ? a : b);

/** Monday of the ISO week of `date`: weekStart('2026-11-28') === '2026-11-23'. */
export function weekStart(date: string): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return format(d);
}
