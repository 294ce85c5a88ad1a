import { useState } from 'react';
import { Link } from 'react-router';
import { usePermissions } from '../../app/permissions.tsx';
import { useToast } from '../../ui/toast.tsx';
import { cx } from '../../ui/ui.tsx';
import { refusal } from '../timesheets/refusal.ts';
import { useCurrentTimer, useTimerChange } from './api.ts';
import { clockText, useTimerSeconds } from './clock.ts';
import { TimerDraftDialog } from './TimerDraftDialog.tsx';

const dot = { running: 'bg-emerald-500 animate-pulse', paused: 'bg-amber-500', stopped: 'bg-slate-400' } as const;
const stateLabel = { running: 'Running', paused: 'Paused', stopped: 'Stopped: confirm the time' } as const;

function SmallButton({ children, onClick, disabled }: { children: string; onClick: () => void; disabled?: boolean }) {
  return <button type="button" onClick={onClick} disabled={disabled} className="rounded px-1.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-200 disabled:opacity-50">{children}</button>;
}

/**
 * R79: the agent's timer in the header of every page: its ticket, its time ticking while it runs,
 * pause, resume and stop; a stopped timer's draft opens to be confirmed as an entry or discarded.
 * Shown only to those who log time, and only while they have a timer. A timer on a ticket the agent
 * no longer sees shows its number only, and can be paused, stopped and discarded, not resumed.
 */
export function TimerWidget() {
  const { can } = usePermissions();
  const enabled = can('helpdeskWrite');
  const current = useCurrentTimer(enabled);
  const change = useTimerChange();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const timer = current.data?.timer ?? null;
  const seconds = useTimerSeconds(timer, current.dataUpdatedAt);
  if (!enabled || !timer) return null;
  const run = (action: 'pause' | 'resume' | 'stop') =>
    change.mutate({ action }, {
      onSuccess: () => action === 'stop' && setConfirming(true),
      onError: (error) => toast({ message: refusal(error), tone: 'error' }),
    });
  return (
    <div role="group" aria-label="Timer" className="flex items-center gap-1.5 rounded-full border border-slate-200 bg-slate-50 py-0.5 pr-1 pl-2.5">
      <span title={stateLabel[timer.state]} className={cx('h-2 w-2 shrink-0 rounded-full', dot[timer.state])} />
      {timer.ticketSubject === null ? (
        // R79: taken out of the ticket's team, the agent no longer sees it: no link, no subject, no resume.
        <span title="You no longer see this ticket: stop the timer, then discard it" className="max-w-28 truncate text-slate-500 2xl:max-w-48">
          #{timer.ticketNumber} (no longer visible)
        </span>
      ) : (
        <Link to={`/tickets/${timer.ticketId}`} title={timer.ticketSubject} className="max-w-28 truncate text-indigo-700 hover:underline 2xl:max-w-48">
          #{timer.ticketNumber} {timer.ticketSubject}
        </Link>
      )}
      <span role="timer" aria-label={`Timer ${stateLabel[timer.state].toLowerCase()}`} className="font-mono text-slate-900 tabular-nums">{clockText(seconds)}</span>
      {timer.state === 'running' && <SmallButton onClick={() => run('pause')} disabled={change.isPending}>Pause</SmallButton>}
      {timer.state === 'paused' && timer.ticketVisible && <SmallButton onClick={() => run('resume')} disabled={change.isPending}>Resume</SmallButton>}
      {timer.state === 'stopped'
        ? <SmallButton onClick={() => setConfirming(true)}>{timer.ticketVisible ? 'Confirm time' : 'Discard time'}</SmallButton>
        : <SmallButton onClick={() => run('stop')} disabled={change.isPending}>Stop</SmallButton>}
      {confirming && timer.state === 'stopped' && <TimerDraftDialog timer={timer} onClose={() => setConfirming(false)} />}
    </div>
  );
}
