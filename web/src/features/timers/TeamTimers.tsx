import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { Card, Table } from '../../ui/ui.tsx';
import { useTeamTimers, type TeamTimer } from './api.ts';
import { clockText } from './clock.ts';

const stateWord: Record<TeamTimer['state'], string> = { running: 'running', paused: 'paused', stopped: 'stopped, to log' };

/** A timer's state and count as read ("running 0:25:10"); the list is read again every minute. */
const timerText = (timer: TeamTimer) => `${stateWord[timer.state]} ${clockText(timer.elapsedSeconds)}`;

/**
 * R81: who else has a timer on this ticket, above its tabs, so that two agents do not work one
 * ticket without knowing. Nothing when nobody else has one.
 */
export function TicketTimers({ ticketId }: { ticketId: string }) {
  const { user } = useAuth();
  const others = (useTeamTimers(ticketId).data?.items ?? []).filter((t) => t.agent.id !== user.id);
  if (others.length === 0) return null;
  return (
    <p role="status" aria-label="Others on this ticket" className="mb-3 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Also on this ticket: {others.map((t, i) => <span key={t.id}>{i > 0 && ', '}<strong>{t.agent.name}</strong> (timer {timerText(t)})</span>)}
    </p>
  );
}

/** R81: the timers on the tickets the caller sees, oldest first: who is on what right now. */
export function TimersNow() {
  const timers = useTeamTimers();
  const items = timers.data?.items ?? [];
  return (
    <Card title="Timers now" className="mt-4">
      {items.length === 0 ? <p className="text-sm text-slate-500">No timer on your teams' tickets.</p> : (
        <Table>
          <thead><tr><th scope="col">Agent</th><th scope="col">Ticket</th><th scope="col">Timer</th></tr></thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>{t.agent.name}</td>
                <td><Link to={`/tickets/${t.ticketId}`} className="text-indigo-700 hover:underline">#{t.ticketNumber}</Link> {t.ticketSubject}</td>
                <td className="tabular-nums">{timerText(t)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
