import type { Stage, Ticket } from '../../app/types.ts';
import { Button, cx, ErrorMessage } from '../../ui/ui.tsx';
import { useStages } from '../helpdesk/api.ts';
import { useMoveTicket } from './api.ts';
import { closeVerb } from './labels.ts';

/**
 * The ticket's stages: the current one highlighted, a click moves the ticket. Open tickets get the
 * closing actions ("Solve", "Cancel"); closed ones "Reopen" (to the first open stage). `readOnly`
 * (a role that may not change tickets) shows where the ticket stands, without any action.
 */
export function StageBar({ ticket, readOnly = false }: { ticket: Ticket; readOnly?: boolean }) {
  const stages = useStages(ticket.teamId);
  const move = useMoveTicket();
  const all = stages.data?.items ?? [];
  const firstOpen = all.find((s) => !s.closed);
  const to = (stage: Stage) => move.mutate({ id: ticket.id, stageId: stage.id });
  return (
    <div className="mb-4">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
        <div className="flex flex-wrap gap-2">
          {readOnly ? null : ticket.closed
            ? firstOpen && <Button variant="primary" onClick={() => to(firstOpen)} disabled={move.isPending}>Reopen</Button>
            : all.filter((s) => s.closed).map((s) => (
                <Button key={s.id} variant={s === all.find((x) => x.closed) ? 'primary' : 'secondary'} onClick={() => to(s)} disabled={move.isPending}>{closeVerb(s)}</Button>
              ))}
        </div>
        <ol aria-label="Stage" className="flex flex-wrap items-center [&>li:first-child>*]:rounded-l [&>li:first-child>*]:border-l [&>li:last-child>*]:rounded-r">
          {all.map((s) => {
            const current = s.id === ticket.stageId;
            const look = cx('border-y border-r border-slate-300 px-3 py-1 text-sm', current ? 'bg-indigo-600 font-semibold text-white' : cx('bg-white text-slate-600', !readOnly && 'hover:bg-slate-50'));
            if (readOnly) return <li key={s.id}><span aria-current={current ? 'step' : undefined} className={cx(look, 'block')}>{s.name}</span></li>;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={current ? 'step' : undefined}
                  disabled={move.isPending || current}
                  onClick={() => to(s)}
                  className={look}
                  title={current ? 'Current stage' : `Move to ${s.name}`}
                >
                  {s.name}
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      {move.error && <div className="mt-2"><ErrorMessage error={move.error} /></div>}
    </div>
  );
}
