import type { ReactNode } from 'react';
import type { SaleLineOption, Timesheet } from '../../app/types.ts';
import { RecordedAndBilled } from './BilledTime.tsx';
import { TimesheetStatus } from './TimesheetStatus.tsx';
import type { WorkType } from './workTypes.ts';

/** The line of a read-only entry, in words. */
export function lineText(entry: Timesheet, options: SaleLineOption[]): string {
  if (!entry.saleOrderLineId) return '—';
  const option = options.find((o) => o.id === entry.saleOrderLineId);
  const label = option ? `${option.orderNumber} · ${option.description}` : 'A line of the order';
  return entry.pinned ? `${label} (pinned)` : label;
}

interface Props {
  entry: Timesheet;
  options: SaleLineOption[];
  showLine: boolean;
  /** Non-null when the Work type column is shown (R77). */
  workTypes?: WorkType[] | null | undefined;
  /** The buttons of the row (Edit, Delete) when the user may change it. */
  actions?: ReactNode;
  /** A line under the description (why an invoiced entry keeps its minutes). */
  note?: ReactNode;
  /** Opens the row for editing: Enter on the focused row, or a double-click. */
  onOpen?: (() => void) | undefined;
}

/**
 * A saved entry as text (issue 12 point 3: no input is open until the user asks): a colleague's
 * time for an agent, any time for an accountant, and the user's own entries until they choose Edit.
 */
export function TimesheetReadRow({ entry, options, showLine, workTypes = null, actions, note, onOpen }: Props) {
  return (
    <tr aria-label={`Entry of ${entry.date} by ${entry.userName}`} tabIndex={onOpen ? 0 : undefined} onDoubleClick={onOpen}
      onKeyDown={(e) => {
        if (!onOpen || e.key !== 'Enter' || e.target !== e.currentTarget) return;
        // Not to reach the input the row opens with: there the same key would submit the form.
        e.preventDefault();
        onOpen();
      }}
      className={onOpen ? 'focus:outline-2 focus:outline-indigo-400' : undefined}>
      {/* Padded like the inputs of a row being edited, so the columns line up. */}
      <td className="whitespace-nowrap tabular-nums"><span className="px-2">{entry.date}</span></td>
      <td className="whitespace-nowrap"><span className="px-2">{entry.userName}</span></td>
      <td className="min-w-56">
        <span className="block px-2">{entry.description || '—'}</span>
        {note}
      </td>
      <td className="text-right tabular-nums"><RecordedAndBilled minutes={entry.minutes} billedMinutes={entry.billedMinutes} billedMultiplier={entry.billedMultiplier} /></td>
      <td className="text-center text-slate-600">{entry.billable ? 'Yes' : 'No'}</td>
      {workTypes && <td className="whitespace-nowrap text-slate-600"><span className="px-2">{entry.workTypeName ?? '—'}</span></td>}
      {showLine && <td className="max-w-60 text-slate-600"><span className="block px-2">{lineText(entry, options)}</span></td>}
      <td><TimesheetStatus entry={entry} /></td>
      <td className="whitespace-nowrap text-right">{actions}</td>
    </tr>
  );
}
