import { Link } from 'react-router';
import { displayMinutes } from '../../ui/format.ts';
import { cx, Input, Table } from '../../ui/ui.tsx';
import type { TimesheetWeek } from './api.ts';
import { minutesOf } from './DurationInput.tsx';

export type WeekGridRow = TimesheetWeek['rows'][number];

/** What a cell's text means in minutes: empty is 0; null when it is not a duration. */
export const typedMinutes = (text: string): number | null => (text.trim() === '' ? 0 : minutesOf(text));

const dayLabel = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

interface Props {
  days: string[];
  rows: WeekGridRow[];
  /** The text typed in cells, by `ticketId|date`; other cells show the saved minutes. */
  drafts: Record<string, string>;
  /** The server's refusals, by cell. */
  errors: Record<string, string>;
  onChange: (ticketId: string, date: string, text: string) => void;
}

/** The week as tickets × days with totals per ticket, per day and for the week (minutes summed for display only). */
export function WeekGrid({ days, rows, drafts, errors, onChange }: Props) {
  const text = (r: WeekGridRow, i: number) => drafts[`${r.ticketId}|${days[i]}`] ?? (r.cells[i]!.minutes ? displayMinutes(r.cells[i]!.minutes) : '');
  // A cell that does not parse counts its saved minutes in the totals.
  const minutes = (r: WeekGridRow, i: number) => typedMinutes(text(r, i)) ?? r.cells[i]!.minutes;
  const rowTotal = (r: WeekGridRow) => days.reduce((sum, _d, i) => sum + minutes(r, i), 0);
  const dayTotal = (i: number) => rows.reduce((sum, r) => sum + minutes(r, i), 0);
  return (
    <Table>
      <thead>
        <tr>
          <th scope="col">Ticket</th>
          {days.map((d) => <th key={d} scope="col" className="text-right!">{dayLabel(d)}</th>)}
          <th scope="col" className="text-right!">Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ticketId} aria-label={`#${r.ticketNumber} ${r.subject}`}>
            <td className="max-w-72">
              <Link className="text-indigo-700 hover:underline" to={`/tickets/${r.ticketId}?tab=timesheets`}>#{r.ticketNumber}</Link>{' '}
              <span className="text-slate-700">{r.subject}</span>
              {r.closed && <span className="ml-1 text-xs text-slate-500">(closed)</span>}
            </td>
            {r.cells.map((c, i) => {
              const value = text(r, i);
              const error = typedMinutes(value) === null ? 'Invalid duration' : errors[`${r.ticketId}|${c.date}`];
              const id = `week-${r.ticketId}-${c.date}`;
              return (
                <td key={c.date} className="text-right align-top">
                  <Input id={id} aria-label={`#${r.ticketNumber} on ${c.date}`} value={value} placeholder="—" readOnly={!c.editable}
                    title={c.editable && !c.canLower ? `${c.entryCount} entries or invoiced time: this cell can only grow` : undefined}
                    aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined}
                    onChange={(e) => onChange(r.ticketId, c.date, e.target.value)}
                    className={cx('w-16 text-right tabular-nums read-only:border-transparent read-only:bg-transparent', !c.canLower && c.editable && 'border-dashed', error && 'border-red-500')} />
                  {error && <span id={`${id}-error`} role="alert" className="mt-0.5 block max-w-40 text-left text-xs text-red-700">{error}</span>}
                </td>
              );
            })}
            <td className="text-right font-medium tabular-nums" aria-label={`Total of #${r.ticketNumber}`}>{displayMinutes(rowTotal(r))}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="font-medium text-slate-800 [&_td]:border-t [&_td]:border-slate-200 [&_td]:bg-slate-50">
          <td>Total</td>
          {days.map((d, i) => <td key={d} className="text-right tabular-nums" aria-label={`Total of ${d}`}>{displayMinutes(dayTotal(i))}</td>)}
          <td className="text-right tabular-nums" aria-label="Total of the week">{displayMinutes(days.reduce((sum, _d, i) => sum + dayTotal(i), 0))}</td>
        </tr>
      </tfoot>
    </Table>
  );
}
