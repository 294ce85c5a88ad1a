import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Ticket } from '../../app/types.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { Badge, Button, Empty, ErrorMessage, Loading, Table } from '../../ui/ui.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { RemainingBadge } from '../../ui/RemainingBadge.tsx';
import { useTicketList, type TicketListFilters } from './api.ts';
import { priorityLabels, priorityTone } from './labels.ts';
import type { TicketLookups } from './lookups.ts';
import { SaleOrderLink } from './SaleOrderLink.tsx';
import { TicketBulkBar } from './TicketBulkBar.tsx';
import { rememberTicketOrder } from './ticketOrder.ts';

/**
 * The tickets matching the filters, newest or oldest first, a page at a time. Those who change
 * tickets select some (or all shown) for the bulk actions.
 */
export function TicketTable({ filters, lookups }: { filters: TicketListFilters; lookups: TicketLookups }) {
  const list = useTicketList(filters);
  const { can } = usePermissions();
  // Agents do not read orders: no column of links they could not open.
  const showOrder = can('ordersRead');
  const selectable = can('helpdeskWrite');
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const ids = list.data?.pages.flatMap((p) => p.items.map((t) => t.id)).join(',');
  // `j`/`k` on a ticket page follow this list's order.
  useEffect(() => {
    if (ids) rememberTicketOrder(ids.split(','));
  }, [ids]);
  if (list.isPending) return <Loading what="Loading tickets…" />;
  if (!list.data) return <ErrorMessage error={list.error} />;
  const tickets = list.data.pages.flatMap((p) => p.items);
  if (tickets.length === 0) return <Empty>No ticket matches these filters.</Empty>;
  // Only tickets still shown count: a filter change leaves no hidden ticket selected.
  const selected = tickets.filter((t) => selectedIds.has(t.id));
  const allShown = selected.length === tickets.length;
  const toggle = (id: string) => setSelectedIds((ids) => {
    const next = new Set(ids);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      {selected.length > 0 && <TicketBulkBar selected={selected} lookups={lookups} onDone={() => setSelectedIds(new Set())} />}
      <Table>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all shown tickets"
                  checked={allShown}
                  ref={(box) => { if (box) box.indeterminate = selected.length > 0 && !allShown; }}
                  onChange={() => setSelectedIds(allShown ? new Set() : new Set(tickets.map((t) => t.id)))}
                />
              </th>
            )}
            <th scope="col" className="w-16">Number</th>
            <th scope="col">Subject</th>
            {!filters.teamId && <th scope="col">Team</th>}
            <th scope="col">Customer</th>
            <th scope="col">Assignee</th>
            <th scope="col">Stage</th>
            <th scope="col">Priority</th>
            <th scope="col" className="text-right">Logged</th>
            <th scope="col">Prepaid</th>
            {showOrder && <th scope="col">Sales order</th>}
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <TicketRow key={t.id} ticket={t} lookups={lookups} showTeam={!filters.teamId} showOrder={showOrder} selection={selectable ? { checked: selectedIds.has(t.id), toggle: () => toggle(t.id) } : null} />
          ))}
        </tbody>
      </Table>
      <div className="flex items-center justify-between px-3 py-2 text-sm text-slate-500">
        <span>{tickets.length} ticket{tickets.length === 1 ? '' : 's'} shown{list.hasNextPage ? ', more available' : ''}</span>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </div>
      {list.isFetchNextPageError && <ErrorMessage error={list.error} />}
    </div>
  );
}

function TicketRow({ ticket: t, lookups, showTeam, showOrder, selection }: { ticket: Ticket; lookups: TicketLookups; showTeam: boolean; showOrder: boolean; selection: { checked: boolean; toggle: () => void } | null }) {
  return (
    <tr className={selection?.checked ? 'bg-indigo-50/60' : 'hover:bg-slate-50'}>
      {selection && <td><input type="checkbox" aria-label={`Select #${t.number}`} checked={selection.checked} onChange={selection.toggle} /></td>}
      <td className="tabular-nums text-slate-500">#{t.number}</td>
      <td><Link to={`/tickets/${t.id}`} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">{t.subject}</Link></td>
      {showTeam && <td className="text-slate-600">{lookups.teamName(t.teamId)}</td>}
      <td>{lookups.customerName(t.customerId)}</td>
      <td className={t.assigneeId ? '' : 'text-slate-400'}>{lookups.userName(t.assigneeId)}</td>
      <td>{t.closed ? <Badge tone="green">{lookups.stageName(t.stageId)}</Badge> : lookups.stageName(t.stageId)}</td>
      <td><Badge tone={priorityTone(t.priority)}>{priorityLabels[t.priority]}</Badge></td>
      <td className="text-right tabular-nums">{displayMinutes(t.loggedMinutes)}</td>
      <td>{t.prepaidRemaining !== null && t.prepaidUnit !== null && <RemainingBadge remaining={t.prepaidRemaining} unit={t.prepaidUnit} />}</td>
      {showOrder && <td><SaleOrderLink id={t.saleOrderId} /></td>}
    </tr>
  );
}
