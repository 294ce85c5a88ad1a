import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';
import { useTeam } from '../helpdesk/api.ts';
import { useSaleLineOptions, useTicket } from '../tickets/api.ts';
import { LineSelect, WorkTypeSelect } from '../timesheets/cells.tsx';
import { useWorkTypes } from '../timesheets/workTypes.ts';
import { DurationInput, minutesOf } from '../timesheets/DurationInput.tsx';
import { useConfirmTimer, useDiscardTimer, type Timer } from './api.ts';

/**
 * R79: the entry a stopped timer proposes, as the time form takes it (date, duration, description,
 * billable, Sales Order Item), to log or to discard. The duration is the timer's time rounded up to
 * the minute; the agent may change any of it.
 */
export function TimerDraftDialog({ timer, onClose }: { timer: Timer; onClose: () => void }) {
  const ticket = useTicket(timer.ticketVisible ? timer.ticketId : undefined);
  return (
    <Dialog title={`Time on #${timer.ticketNumber}`} onClose={onClose}>
      {timer.ticketSubject === null ? (
        <UnseenTicket onDone={onClose} />
      ) : (
        <>
          <p className="mb-3 truncate text-sm text-slate-600" title={timer.ticketSubject}>{timer.ticketSubject}</p>
          <DraftForm timer={timer} teamId={ticket.data?.teamId} onDone={onClose} />
        </>
      )}
    </Dialog>
  );
}

/** R79: the agent no longer sees the timer's ticket (they left its team): its time cannot be logged, only discarded. */
function UnseenTicket({ onDone }: { onDone: () => void }) {
  const discard = useDiscardTimer();
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-amber-900">
        You no longer see this ticket, so its time cannot be logged. Ask someone of its team to log it, then discard the timer.
      </p>
      <ErrorMessage error={discard.error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Close</Button>
        <Button variant="danger" disabled={discard.isPending} onClick={() => discard.mutate(undefined, { onSuccess: onDone })}>Discard time</Button>
      </div>
    </div>
  );
}

function DraftForm({ timer, teamId, onDone }: { timer: Timer; teamId: string | undefined; onDone: () => void }) {
  const draft = timer.draft!;
  const team = useTeam(teamId ?? '', Boolean(teamId));
  const billing = team.data?.billingEnabled;
  const options = useSaleLineOptions(timer.ticketId, undefined, billing === true);
  const confirm = useConfirmTimer();
  const discard = useDiscardTimer();
  const [date, setDate] = useState(draft.date);
  const [duration, setDuration] = useState(displayMinutes(draft.minutes));
  const [description, setDescription] = useState('');
  const [billableChoice, setBillableChoice] = useState<boolean | null>(null);
  const billable = billableChoice ?? billing ?? false;
  const [lineId, setLineId] = useState('');
  const workTypes = useWorkTypes();
  const activeTypes = (workTypes.data?.items ?? []).filter((w) => w.active);
  const [workTypeId, setWorkTypeId] = useState('');
  const [discarding, setDiscarding] = useState(false);
  const fieldError = (path: string) => (confirm.error instanceof ApiError ? confirm.error.field(path) : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minutes = minutesOf(duration);
    if (minutes === null || confirm.isPending) return;
    const body = { date, minutes, description, ...(billableChoice === null ? {} : { billable: billableChoice }), ...(billable && lineId ? { saleOrderLineId: lineId } : {}), ...(workTypeId ? { workTypeId } : {}) };
    confirm.mutate(body, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label="Confirm the timer's time" className="flex flex-col gap-3">
      <div className="flex gap-3">
        <Field label="Date" error={fieldError('date')}><Input type="date" value={date} required onChange={(e) => setDate(e.target.value)} className="w-40" /></Field>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="timer-duration" className="font-medium text-slate-700">Duration</label>
          <DurationInput id="timer-duration" value={duration} onChange={setDuration} error={fieldError('minutes')} autoFocus />
        </div>
      </div>
      <Field label="Description" error={fieldError('description')}>
        <Input value={description} placeholder="What was done" maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      {activeTypes.length > 0 && (
        <Field label="Work type" error={fieldError('workTypeId')}>
          <WorkTypeSelect label="Work type" value={workTypeId} workTypes={activeTypes} onChange={setWorkTypeId} />
        </Field>
      )}
      <div className="flex items-center gap-3 text-sm">
        <Switch label="Billable" checked={billable} onChange={(e) => setBillableChoice(e.target.checked)} disabled={billableChoice === null && billing === undefined} />
        <span className="text-slate-700">Billable</span>
        {billing && <LineSelect value={billable ? lineId : ''} options={options.data?.items ?? []} onChange={setLineId} disabled={!billable} />}
      </div>
      {!fieldError('minutes') && !fieldError('date') && <ErrorMessage error={confirm.error ?? discard.error} />}
      {discarding ? (
        <div role="alert" className="flex items-center justify-between gap-2 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          <span>Discard this time? Nothing is logged.</span>
          <span className="flex gap-2">
            <Button onClick={() => setDiscarding(false)} autoFocus>Keep</Button>
            <Button variant="danger" disabled={discard.isPending} onClick={() => discard.mutate(undefined, { onSuccess: onDone })}>Discard time</Button>
          </span>
        </div>
      ) : (
        <div className="flex justify-between gap-2">
          <Button onClick={() => setDiscarding(true)}>Discard…</Button>
          <Button type="submit" variant="primary" disabled={confirm.isPending}>{confirm.isPending ? 'Saving…' : 'Log time'}</Button>
        </div>
      )}
    </form>
  );
}
