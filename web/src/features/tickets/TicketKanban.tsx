import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Stage, Ticket } from '../../app/types.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { Badge, Button, Empty, ErrorMessage, Loading, Select } from '../../ui/ui.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { useMoveTicket, useTicketList, type TicketListFilters } from './api.ts';
import { boardColumns, stagesOfTeam, type BoardColumn } from './board.ts';
import { priorityLabels, priorityTone } from './labels.ts';
import type { TicketLookups } from './lookups.ts';

/**
 * The board: the chosen team's stages as columns of ticket cards, or with no team chosen every
 * team's tickets in columns by stage name. Each card moves with its "Move to…" select (its own
 * team's stages) and Move button.
 */
export function TicketKanban({ filters, lookups }: { filters: TicketListFilters; lookups: TicketLookups }) {
  if (!lookups.ready || (lookups.teams.length > 0 && lookups.stages.size === 0)) return <Loading what="Loading stages…" />;
  const columns = boardColumns(lookups.stages.values(), filters.teamId ?? '');
  if (columns.length === 0) return <Empty>No stage to show yet.</Empty>;
  return (
    <div className="flex gap-3 overflow-x-auto pb-2">
      {columns.map((column) => <Column key={column.key} column={column} filters={{ ...filters, stageId: undefined, stageName: undefined, ...column.filter, closed: undefined }} lookups={lookups} showTeam={!filters.teamId} />)}
    </div>
  );
}

function Column({ column, filters, lookups, showTeam }: { column: BoardColumn; filters: TicketListFilters; lookups: TicketLookups; showTeam: boolean }) {
  const list = useTicketList(filters, 25);
  const tickets = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-label={`Stage ${column.name}`} className="flex w-72 shrink-0 flex-col rounded-lg bg-slate-100 p-2">
      <h2 className="mb-2 flex items-center justify-between px-1 text-sm font-semibold text-slate-700">
        <span>{column.name}</span>
        {column.closed && <Badge tone="green">Closed</Badge>}
      </h2>
      {list.isPending ? <Loading /> : list.error ? <ErrorMessage error={list.error} /> : tickets.length === 0 ? (
        <p className="px-1 py-4 text-center text-xs text-slate-500">No ticket</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {tickets.map((t) => <Card key={t.id} ticket={t} stages={stagesOfTeam(lookups.stages.values(), t.teamId)} lookups={lookups} showTeam={showTeam} />)}
        </ul>
      )}
      {list.hasNextPage && (
        <Button variant="ghost" className="mt-2 justify-center" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </section>
  );
}

/** The card just moved, focused once it shows in its new column (it remounts there). */
let justMoved: { id: string; stageId: string } | null = null;

function Card({ ticket: t, stages, lookups, showTeam }: { ticket: Ticket; stages: Stage[]; lookups: TicketLookups; showTeam: boolean }) {
  const move = useMoveTicket();
  const canMove = usePermissions().can('helpdeskWrite');
  const [target, setTarget] = useState('');
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (justMoved?.id !== t.id || justMoved.stageId !== t.stageId) return;
    justMoved = null;
    link.current?.focus();
  }, [t.id, t.stageId]);
  const commit = () => {
    if (!target || move.isPending) return;
    justMoved = { id: t.id, stageId: target };
    move.mutate({ id: t.id, stageId: target });
  };
  return (
    <li className="rounded border border-slate-200 bg-white p-2 text-sm shadow-sm">
      <div className="flex items-start justify-between gap-2">
        <Link ref={link} to={`/tickets/${t.id}`} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
          <span className="text-slate-500">#{t.number}</span> {t.subject}
        </Link>
        <Badge tone={priorityTone(t.priority)}>{priorityLabels[t.priority]}</Badge>
      </div>
      <div className="mt-1 text-xs text-slate-600">{lookups.customerName(t.customerId)}{showTeam && <span className="text-slate-400"> · {lookups.teamName(t.teamId)}</span>}</div>
      <div className="mt-1 flex items-center justify-between text-xs text-slate-500">
        <span>{lookups.userName(t.assigneeId)}</span>
        <span className="tabular-nums" title="Time logged">{displayMinutes(t.loggedMinutes)}</span>
      </div>
      {/* Choosing a stage moves nothing (arrow keys only browse the options): the Move button, or Enter, does. */}
      {canMove && <form className="mt-2 flex gap-1" onSubmit={(e: FormEvent) => { e.preventDefault(); commit(); }}>
        <Select
          aria-label={`Move #${t.number} to`}
          className="min-w-0 flex-1 py-1 text-xs"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            commit();
          }}
        >
          <option value="">Move to…</option>
          {stages.filter((s) => s.id !== t.stageId).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
        <Button type="submit" aria-label={`Move #${t.number}`} className="px-2 py-1 text-xs" disabled={!target}>
          {move.isPending ? 'Moving…' : 'Move'}
        </Button>
      </form>}
      {move.error && <div className="mt-1"><ErrorMessage error={move.error} /></div>}
    </li>
  );
}
