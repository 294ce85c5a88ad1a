import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { SaleLineOption, User } from '../../app/types.ts';
import { useAuth } from '../../app/auth.tsx';
import { Button, Input } from '../../ui/ui.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { today } from '../../ui/format.ts';
import { useLogTime } from './api.ts';
import { AgentSelect, LineSelect, WorkTypeSelect } from './cells.tsx';
import type { WorkType } from './workTypes.ts';
import { DurationInput, minutesOf } from './DurationInput.tsx';
import { refusal } from './refusal.ts';
import { FOCUS_LOG_TIME } from '../search/commands.ts';

interface Props {
  ticketId: string;
  users: User[];
  options: SaleLineOption[];
  showLine: boolean;
  /** The work types to pick from (R77); null hides the column. */
  workTypes: WorkType[] | null;
  /** The team's default (R12), undefined while the team is not known yet. */
  billableByDefault: boolean | undefined;
  /** Time may be logged for another agent (managers, admins); others log their own. */
  canPickAgent: boolean;
  columns: number;
}

/**
 * The row to log new time: Enter in any cell saves it; date and agent stay for the next entry.
 * Billable is sent only when the agent changed it: otherwise the server applies the team's default (R12).
 */
export function NewTimesheetRow({ ticketId, users, options, showLine, workTypes, billableByDefault, canPickAgent, columns }: Props) {
  const { user } = useAuth();
  const log = useLogTime(ticketId);
  const formId = `new-timesheet-${ticketId}`;
  // The `t` shortcut (search/commands.ts) arrives here asking for the cursor in the description.
  // The tab's panel stays mounted while hidden, so the focus follows each such navigation (its
  // panel is shown in the same render), not the row's mount.
  const location = useLocation();
  const focusAsked = (location.state as { focus?: string } | null)?.focus === FOCUS_LOG_TIME.focus;
  useEffect(() => {
    if (focusAsked) document.getElementById(`${formId}-description`)?.focus();
  }, [focusAsked, location.key, formId]);
  const [date, setDate] = useState(today());
  const [userId, setUserId] = useState(user.id);
  const [description, setDescription] = useState('');
  const [duration, setDuration] = useState('');
  const [billableChoice, setBillableChoice] = useState<boolean | null>(null);
  const billable = billableChoice ?? billableByDefault ?? false;
  const [lineId, setLineId] = useState('');
  const [workTypeId, setWorkTypeId] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minutes = minutesOf(duration);
    setMissing(minutes === null && duration.trim() === '');
    if (minutes === null || log.isPending) return;
    const body = { date, userId, minutes, description, ...(billableChoice === null ? {} : { billable: billableChoice }), ...(billable && lineId ? { saleOrderLineId: lineId } : {}), ...(workTypeId ? { workTypeId } : {}) };
    log.mutate(body, {
      onSuccess: () => {
        setDescription('');
        setDuration('');
        setLineId('');
        setBillableChoice(null);
        document.getElementById(`${formId}-description`)?.focus();
      },
    });
  };
  const fieldError = (path: string) => (log.error instanceof ApiError ? log.error.field(path) : undefined);

  return (
    <>
      <tr className="bg-indigo-50/40" aria-label="New entry">
        <td>
          <form id={formId} onSubmit={submit} aria-label="Log time" />
          <Input type="date" aria-label="Date" value={date} required onChange={(e) => setDate(e.target.value)} form={formId} className="w-36" />
        </td>
        <td>{canPickAgent ? <AgentSelect value={userId} users={users} onChange={setUserId} form={formId} /> : <span className="whitespace-nowrap px-2">{user.name}</span>}</td>
        <td><Input id={`${formId}-description`} aria-label="Description" value={description} placeholder="What was done" maxLength={2000} onChange={(e) => setDescription(e.target.value)} form={formId} className="w-full" /></td>
        <td>
          <DurationInput id={`${formId}-duration`} value={duration} onChange={(v) => { setDuration(v); setMissing(false); }} form={formId}
            error={missing ? 'Enter a duration' : fieldError('minutes')} />
        </td>
        <td className="text-center"><Switch label="Billable" checked={billable} onChange={(e) => setBillableChoice(e.target.checked)} form={formId}
          disabled={billableChoice === null && billableByDefault === undefined} title={billableByDefault === undefined ? 'Loading the team’s default…' : undefined} /></td>
        {workTypes && <td><WorkTypeSelect value={workTypeId} workTypes={workTypes} onChange={setWorkTypeId} form={formId} /></td>}
        {showLine && <td><LineSelect value={billable ? lineId : ''} options={options} onChange={setLineId} disabled={!billable} form={formId} /></td>}
        <td colSpan={2} className="text-right">
          <Button type="submit" form={formId} variant="primary" disabled={log.isPending}>{log.isPending ? 'Saving…' : 'Log time'}</Button>
        </td>
      </tr>
      {log.error && !fieldError('minutes') && (
        <tr>
          <td colSpan={columns} className="bg-red-50 text-sm text-red-800" role="alert">{refusal(log.error)}</td>
        </tr>
      )}
    </>
  );
}
