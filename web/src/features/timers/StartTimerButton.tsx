import type { Ticket } from '../../app/types.ts';
import { useToast } from '../../ui/toast.tsx';
import { Button } from '../../ui/ui.tsx';
import { refusal } from '../timesheets/refusal.ts';
import { useCurrentTimer, useTimerChange } from './api.ts';

/**
 * R79: starts the agent's timer on this ticket (open, with timesheets). With a timer already, on this
 * ticket or another, the button says where it is instead (R71: offered only when it can succeed).
 */
export function StartTimerButton({ ticket }: { ticket: Ticket }) {
  const current = useCurrentTimer(true);
  const change = useTimerChange();
  const toast = useToast();
  const timer = current.data?.timer;
  const busy = timer ? (timer.ticketId === ticket.id ? 'The timer is on this ticket (see the header)' : `Your timer is on #${timer.ticketNumber}: stop it first`) : undefined;
  return (
    <Button
      disabled={!current.data || Boolean(timer) || change.isPending}
      title={busy}
      onClick={() => change.mutate({ action: 'start', ticketId: ticket.id }, { onError: (error) => toast({ message: refusal(error), tone: 'error' }) })}
    >
      {timer?.ticketId === ticket.id ? 'Timer on' : 'Start timer'}
    </Button>
  );
}
