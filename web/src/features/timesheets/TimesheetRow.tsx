import { useEffect, useState } from 'react';
import { ApiError } from '../../app/http.ts';
import type { SaleLineOption, Timesheet, User } from '../../app/types.ts';
import { Button, Input } from '../../ui/ui.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { useToast } from '../../ui/toast.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { useDeleteTimesheet, useLogTime, useUpdateTimesheet, type TimesheetInput } from './api.ts';
import { AgentSelect, LineSelect } from './cells.tsx';
import { DurationInput, minutesOf } from './DurationInput.tsx';
import { LockIcon } from './LockIcon.tsx';
import { commitOnEnter, refusal } from './refusal.ts';
import { invoicedReason, TimesheetStatus } from './TimesheetStatus.tsx';
import { lineText } from './TimesheetReadRow.tsx';

interface Props {
  entry: Timesheet;
  users: User[];
  options: SaleLineOption[];
  showLine: boolean;
  /** The ticket is closed (R14): nothing changes. */
  locked: boolean;
  /** The user may give the entry to another agent (managers, admins). */
  canPickAgent: boolean;
  columns: number;
}

/** One entry, edited in place: a changed cell is saved when left (or on Enter); refusals show on the row. */
export function TimesheetRow({ entry, users, options, showLine, locked, canPickAgent, columns }: Props) {
  const update = useUpdateTimesheet(entry.id);
  const remove = useDeleteTimesheet(entry.id);
  const relog = useLogTime(entry.ticketId);
  const toast = useToast();
  const pinnedLine = entry.pinned ? (entry.saleOrderLineId ?? '') : '';
  const [date, setDate] = useState(entry.date);
  const [userId, setUserId] = useState(entry.userId);
  const [duration, setDuration] = useState(displayMinutes(entry.minutes));
  const [description, setDescription] = useState(entry.description);
  const [lineId, setLineId] = useState(pinnedLine);
  useEffect(() => setDate(entry.date), [entry.date]);
  useEffect(() => setUserId(entry.userId), [entry.userId]);
  useEffect(() => setDuration(displayMinutes(entry.minutes)), [entry.minutes]);
  useEffect(() => setDescription(entry.description), [entry.description]);
  useEffect(() => setLineId(pinnedLine), [pinnedLine]);

  const invoiced = entry.status === 'invoiced';
  const frozen = locked || invoiced; // R14, R15: a frozen cell shows the saved value, not a refused draft
  const save = (body: TimesheetInput) => {
    update.reset();
    remove.reset();
    update.mutate(body);
  };
  const error = update.error ?? remove.error;
  const fieldError = (path: string) => (error instanceof ApiError ? error.field(path) : undefined);
  const commitDuration = () => {
    const minutes = minutesOf(duration);
    if (minutes !== null && minutes !== entry.minutes) save({ minutes });
  };
  // Delete asks nothing: the toast offers Undo, which logs the same time again (a new entry: the
  // audit trail shows the delete and the re-creation). A ticket closed meanwhile refuses it.
  const onDelete = () => {
    update.reset();
    remove.mutate(undefined, {
      onSuccess: () => toast({
        message: 'Entry deleted',
        action: {
          label: 'Undo',
          run: () => relog.mutateAsync({
            date: entry.date, userId: entry.userId, minutes: entry.minutes, description: entry.description, billable: entry.billable,
            ...(entry.pinned && entry.saleOrderLineId ? { saleOrderLineId: entry.saleOrderLineId } : {}),
          }).then(() => undefined, (e: unknown) => toast({ message: `Not restored: ${refusal(e)}`, tone: 'error' })),
        },
      }),
    });
  };
  // Each cell named after its entry, so a screen reader (and a test) tells the rows apart.
  const of = `of the entry of ${entry.date} by ${entry.userName}`;

  return (
    <>
      <tr className={invoiced ? 'bg-slate-50/60' : undefined} aria-busy={update.isPending || remove.isPending}>
        <td>
          <Input type="date" aria-label={`Date ${of}`} value={frozen ? entry.date : date} readOnly={frozen} required onChange={(e) => setDate(e.target.value)}
            onBlur={() => !frozen && date && date !== entry.date && save({ date })} onKeyDown={commitOnEnter} className="w-36 read-only:border-transparent read-only:bg-transparent" />
        </td>
        <td>
          {frozen || !canPickAgent ? <span className="whitespace-nowrap px-2">{entry.userName}</span> : (
            <AgentSelect label={`Agent ${of}`} value={userId} users={users} onChange={setUserId}
              onBlur={() => userId !== entry.userId && save({ userId })} onKeyDown={commitOnEnter} />
          )}
        </td>
        <td className="min-w-56">
          {locked ? <span className="px-2">{entry.description || '—'}</span> : (
            <Input aria-label={`Description ${of}`} value={description} maxLength={2000} className="w-full"
              onChange={(e) => setDescription(e.target.value)} onBlur={() => description !== entry.description && save({ description })} onKeyDown={commitOnEnter} />
          )}
          {invoiced && !locked && <p className="mt-0.5 text-xs text-slate-500"><LockIcon />{invoicedReason(entry)} (only the description can change)</p>}
        </td>
        <td>
          <DurationInput id={`ts-${entry.id}-duration`} label={`Duration ${of}`} value={frozen ? displayMinutes(entry.minutes) : duration} onChange={setDuration}
            onBlur={() => !frozen && commitDuration()} onKeyDown={commitOnEnter} readOnly={frozen} error={fieldError('minutes')} />
        </td>
        <td className="text-center"><Switch label={`Billable ${of}`} checked={entry.billable} disabled={frozen} onChange={(e) => save({ billable: e.target.checked })} /></td>
        {showLine && (
          <td>
            {frozen ? <span className="whitespace-nowrap px-2 text-slate-600">{lineText(entry, options)}</span> : (
              <LineSelect label={`Sales Order Item ${of}`} value={lineId} options={options} disabled={!entry.billable} onChange={setLineId}
                onBlur={() => lineId !== pinnedLine && save({ saleOrderLineId: lineId || null })} onKeyDown={commitOnEnter} />
            )}
          </td>
        )}
        <td><TimesheetStatus entry={entry} /></td>
        <td className="text-right">
          {!frozen && <Button variant="ghost" aria-label={`Delete the entry of ${entry.date} by ${entry.userName}`} title="Delete this entry" onClick={onDelete} disabled={remove.isPending}>Delete</Button>}
        </td>
      </tr>
      {error && !fieldError('minutes') && (
        <tr>
          <td colSpan={columns} className="bg-red-50 text-sm text-red-800" role="alert">{refusal(error)}</td>
        </tr>
      )}
    </>
  );
}
