import type { SaleLineOption, Timesheet } from '../../app/types.ts';
import { displayMinutes } from '../../ui/format.ts';
import { TimesheetStatus } from './TimesheetStatus.tsx';

/** The line of a read-only entry, in words. */
export function lineText(entry: Timesheet, options: SaleLineOption[]): string {
  if (!entry.saleOrderLineId) return '—';
  const option = options.find((o) => o.id === entry.saleOrderLineId);
  const label = option ? `${option.orderNumber} · ${option.description}` : 'A line of the order';
  return entry.pinned ? `${label} (pinned)` : label;
}

/**
 * An entry the user may read but not change (a colleague's time for an agent; any time for an
 * accountant): plain text, no controls.
 */
export function TimesheetReadRow({ entry, options, showLine }: { entry: Timesheet; options: SaleLineOption[]; showLine: boolean }) {
  return (
    <tr aria-label={`Entry of ${entry.date} by ${entry.userName}`}>
      {/* Padded like the inputs of the editable rows, so the columns line up. */}
      <td className="whitespace-nowrap tabular-nums"><span className="px-2">{entry.date}</span></td>
      <td className="whitespace-nowrap"><span className="px-2">{entry.userName}</span></td>
      <td className="min-w-56"><span className="block px-2">{entry.description || '—'}</span></td>
      <td className="text-right tabular-nums"><span className="px-2">{displayMinutes(entry.minutes)}</span></td>
      <td className="text-center text-slate-600">{entry.billable ? 'Yes' : 'No'}</td>
      {showLine && <td className="whitespace-nowrap text-slate-600"><span className="px-2">{lineText(entry, options)}</span></td>}
      <td><TimesheetStatus entry={entry} /></td>
      <td />
    </tr>
  );
}
