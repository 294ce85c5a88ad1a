import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { SaleLineOption, Timesheet, User } from '../../app/types.ts';
import { Button, Input } from '../../ui/ui.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { displayMinutes } from '../../ui/format.ts';
import type { TimesheetInput } from './api.ts';
import { AgentSelect, LineSelect, WorkTypeSelect } from './cells.tsx';
import type { WorkType } from './workTypes.ts';
import { DurationInput, minutesOf } from './DurationInput.tsx';
import { LockIcon } from './LockIcon.tsx';
import { refusal } from './refusal.ts';
import { lineText } from './TimesheetReadRow.tsx';
import { invoicedReason, TimesheetStatus } from './TimesheetStatus.tsx';

interface Props {
  entry: Timesheet;
  users: User[];
  options: SaleLineOption[];
  showLine: boolean;
  /** The work types to pick from (R77); null hides the column. */
  workTypes: WorkType[] | null;
  canPickAgent: boolean;
  columns: number;
  /** Saves the fields that changed (none: just closes). */
  onSave: (changes: TimesheetInput) => void;
  onCancel: () => void;
  saving: boolean;
  error: unknown;
}

/** The fields of `draft` that differ from the entry, as a PATCH body. */
function changesOf(entry: Timesheet, draft: { date: string; userId: string; description: string; minutes: number; billable: boolean; lineId: string; workTypeId: string }): TimesheetInput {
  const pinnedLine = entry.pinned ? (entry.saleOrderLineId ?? '') : '';
  return {
    ...(draft.date !== entry.date ? { date: draft.date } : {}),
    ...(draft.userId !== entry.userId ? { userId: draft.userId } : {}),
    ...(draft.description !== entry.description ? { description: draft.description } : {}),
    ...(draft.minutes !== entry.minutes ? { minutes: draft.minutes } : {}),
    ...(draft.billable !== entry.billable ? { billable: draft.billable } : {}),
    ...(draft.billable && draft.lineId !== pinnedLine ? { saleOrderLineId: draft.lineId || null } : {}),
    ...(draft.workTypeId !== (entry.workTypeId ?? '') ? { workTypeId: draft.workTypeId || null } : {}),
  };
}

/**
 * One entry opened on purpose: its cells as inputs, Save (or Enter) and Cancel (or Escape). An
 * invoiced entry opens its description only (R15).
 */
export function TimesheetEditRow({ entry, users, options, showLine, workTypes, canPickAgent, columns, onSave, onCancel, saving, error }: Props) {
  const formId = `timesheet-${entry.id}-edit`;
  const invoiced = entry.status === 'invoiced';
  const [date, setDate] = useState(entry.date);
  const [userId, setUserId] = useState(entry.userId);
  const [duration, setDuration] = useState(displayMinutes(entry.minutes));
  const [description, setDescription] = useState(entry.description);
  const [billable, setBillable] = useState(entry.billable);
  const [lineId, setLineId] = useState(entry.pinned ? (entry.saleOrderLineId ?? '') : '');
  const [workTypeId, setWorkTypeId] = useState(entry.workTypeId ?? '');
  const fieldError = (path: string) => (error instanceof ApiError ? error.field(path) : undefined);
  // Each cell named after its entry, so a screen reader (and a test) tells the rows apart.
  const of = `of the entry of ${entry.date} by ${entry.userName}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minutes = minutesOf(duration);
    if (minutes === null || saving) return;
    onSave(changesOf(entry, { date, userId, description, minutes, billable, lineId, workTypeId }));
  };

  return (
    <>
      <tr aria-label={`Editing the entry of ${entry.date} by ${entry.userName}`} className="bg-indigo-50/40" aria-busy={saving}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }}>
        <td>
          <form id={formId} onSubmit={submit} aria-label={`Edit the entry of ${entry.date} by ${entry.userName}`} />
          {invoiced ? <span className="whitespace-nowrap px-2 tabular-nums">{entry.date}</span>
            : <Input type="date" aria-label={`Date ${of}`} value={date} required onChange={(e) => setDate(e.target.value)} form={formId} className="w-36" />}
        </td>
        <td>
          {invoiced || !canPickAgent ? <span className="whitespace-nowrap px-2">{entry.userName}</span>
            : <AgentSelect label={`Agent ${of}`} value={userId} users={users} onChange={setUserId} form={formId} />}
        </td>
        <td className="min-w-56">
          <Input aria-label={`Description ${of}`} value={description} maxLength={2000} className="w-full" form={formId} autoFocus={invoiced}
            onChange={(e) => setDescription(e.target.value)} />
          {invoiced && <p className="mt-0.5 text-xs text-slate-500"><LockIcon />{invoicedReason(entry)} (only the description can change)</p>}
        </td>
        <td>
          {invoiced ? <span className="block px-2 text-right tabular-nums">{displayMinutes(entry.minutes)}</span> : (
            <DurationInput id={`${formId}-duration`} label={`Duration ${of}`} value={duration} onChange={setDuration} form={formId} autoFocus error={fieldError('minutes')} />
          )}
        </td>
        <td className="text-center">
          {invoiced ? <span className="text-slate-600">{entry.billable ? 'Yes' : 'No'}</span>
            : <Switch label={`Billable ${of}`} checked={billable} form={formId} onChange={(e) => setBillable(e.target.checked)} />}
        </td>
        {workTypes && (
          <td>
            {invoiced ? <span className="whitespace-nowrap px-2 text-slate-600">{entry.workTypeName ?? '—'}</span>
              : <WorkTypeSelect label={`Work type ${of}`} value={workTypeId} workTypes={workTypes} onChange={setWorkTypeId} form={formId} />}
          </td>
        )}
        {showLine && (
          <td>
            {invoiced ? <span className="whitespace-nowrap px-2 text-slate-600">{lineText(entry, options)}</span>
              : <LineSelect label={`Sales Order Item ${of}`} value={billable ? lineId : ''} options={options} disabled={!billable} onChange={setLineId} form={formId} />}
          </td>
        )}
        <td><TimesheetStatus entry={entry} /></td>
        <td className="whitespace-nowrap text-right">
          <Button type="submit" form={formId} variant="primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</Button>{' '}
          <Button type="button" variant="ghost" onClick={onCancel} disabled={saving}>Cancel</Button>
        </td>
      </tr>
      {Boolean(error) && !fieldError('minutes') && (
        <tr>
          <td colSpan={columns} className="bg-red-50 text-sm text-red-800" role="alert">{refusal(error)}</td>
        </tr>
      )}
    </>
  );
}
