import { useState } from 'react';
import { ApiError } from '../../app/http.ts';
import type { Ticket } from '../../app/types.ts';
import { useToast } from '../../ui/toast.tsx';
import { Button, Select } from '../../ui/ui.tsx';
import { useBulkTickets, useSaleLineOptions, type BulkTicketChange } from './api.ts';
import { stagesOfTeam } from './board.ts';
import { saleLineLabel } from './labels.ts';
import type { TicketLookups } from './lookups.ts';

const NO_ONE = 'none';

/**
 * The actions on the tickets selected in the list: assign, move to a stage (by name, each ticket
 * to that stage of its own team) and link to a sales order item. One request for all, all or
 * nothing; the outcome in a toast. Each action applies when its select is chosen and Apply pressed.
 */
export function TicketBulkBar({ selected, lookups, onDone }: { selected: Ticket[]; lookups: TicketLookups; onDone: () => void }) {
  const bulk = useBulkTickets();
  const toast = useToast();
  const [assignee, setAssignee] = useState('');
  const [stageName, setStageName] = useState('');
  const [lineId, setLineId] = useState('');
  // The lines the first selected ticket may use (R20): the server refuses them for tickets of other customers, naming them.
  const lines = useSaleLineOptions(selected[0]?.id);
  const teamIds = [...new Set(selected.map((t) => t.teamId))];
  const stageNames = [...new Set(teamIds.flatMap((teamId) => stagesOfTeam(lookups.stages.values(), teamId).map((s) => s.name)))];
  const count = `${selected.length} ticket${selected.length === 1 ? '' : 's'}`;
  const apply = (change: BulkTicketChange, done: string, reset: () => void) =>
    bulk.mutate({ ticketIds: selected.map((t) => t.id), change }, {
      onSuccess: () => {
        toast({ message: `${count} ${done}`, tone: 'success' });
        reset();
        onDone();
      },
      onError: (error) => toast({ message: error instanceof ApiError ? `Nothing changed. ${error.message}` : 'Nothing changed. Try again.', tone: 'error' }),
    });
  return (
    <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-x-5 gap-y-2 border-b border-indigo-100 bg-indigo-50 px-3 py-2 text-sm">
      <strong className="text-indigo-900">{count} selected</strong>
      <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); apply({ assigneeId: assignee === NO_ONE ? null : assignee }, assignee === NO_ONE ? 'unassigned' : `assigned to ${lookups.userName(assignee)}`, () => setAssignee('')); }}>
        <Select aria-label="Assign to" className="py-1" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Assign to…</option>
          <option value={NO_ONE}>No one (unassign)</option>
          {lookups.users.filter((u) => u.active && u.role !== 'customer').map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </Select>
        <Button type="submit" className="py-1" disabled={!assignee || bulk.isPending}>Assign</Button>
      </form>
      <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); apply({ stageName }, `moved to ${stageName}`, () => setStageName('')); }}>
        <Select aria-label="Move to stage" className="py-1" value={stageName} onChange={(e) => setStageName(e.target.value)}>
          <option value="">Move to stage…</option>
          {stageNames.map((name) => <option key={name} value={name}>{name}</option>)}
        </Select>
        <Button type="submit" className="py-1" disabled={!stageName || bulk.isPending}>Move</Button>
      </form>
      <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); apply({ saleOrderLineId: lineId === NO_ONE ? null : lineId }, lineId === NO_ONE ? 'unlinked from their order line' : 'linked to the order line', () => setLineId('')); }}>
        <Select aria-label="Link to order line" className="max-w-72 py-1" value={lineId} onChange={(e) => setLineId(e.target.value)}>
          <option value="">Link to order line…</option>
          <option value={NO_ONE}>No sales order item</option>
          {(lines.data?.items ?? []).map((o) => <option key={o.id} value={o.id}>{saleLineLabel(o)}</option>)}
        </Select>
        <Button type="submit" className="py-1" disabled={!lineId || bulk.isPending}>Link</Button>
      </form>
      <Button variant="ghost" className="ml-auto py-1" onClick={onDone}>Clear selection</Button>
    </div>
  );
}
