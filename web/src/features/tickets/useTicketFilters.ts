import { useSearchParams } from 'react-router';
import type { TicketListFilters } from './api.ts';

export type TicketState = 'open' | 'closed' | 'all';
export const UNASSIGNED = 'none';

/** What the tickets page shows, kept in the URL query so links, back and forward work. */
export interface TicketView {
  teamId: string;
  stageId: string;
  customerId: string;
  assignee: string; // a user id, UNASSIGNED, or '' for anyone
  /** The tickets of one record (an order's or a project's smart button): removable chips. */
  saleOrderId: string;
  projectId: string;
  state: TicketState;
  q: string;
  sort: 'newest' | 'oldest';
  view: 'list' | 'kanban';
}

/** A record's tickets are all of them, closed ones included; otherwise the open ones. */
const defaultState = (v: Pick<TicketView, 'saleOrderId' | 'projectId'>): TicketState => (v.saleOrderId || v.projectId ? 'all' : 'open');

export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const state = params.get('state');
  const records = { saleOrderId: params.get('saleOrderId') ?? '', projectId: params.get('projectId') ?? '' };
  const view: TicketView = {
    teamId: params.get('teamId') ?? '',
    stageId: params.get('stageId') ?? '',
    customerId: params.get('customerId') ?? '',
    assignee: params.get('assignee') ?? '',
    ...records,
    state: state === 'open' || state === 'closed' || state === 'all' ? state : defaultState(records),
    q: params.get('q') ?? '',
    sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest',
    view: params.get('view') === 'kanban' ? 'kanban' : 'list',
  };

  /** Changes some of the filters; `replace` for typing (no history entry per key stroke). */
  const update = (changes: Partial<TicketView>, replace = false) => {
    const next = { ...view, ...changes };
    if (changes.teamId !== undefined && changes.teamId !== view.teamId) next.stageId = '';
    // A status nobody chose follows the default (removing the order's chip goes back to open tickets).
    if (changes.state === undefined && !params.has('state')) next.state = defaultState(next);
    const entries: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(next)) {
      const isDefault = (key === 'state' && value === defaultState(next)) || (key === 'sort' && value === 'newest') || (key === 'view' && value === 'list');
      if (value && !isDefault) entries.push([key, value]);
    }
    setParams(new URLSearchParams(entries), { replace });
  };

  return { view, update };
}

/** The API query for the list (the kanban adds the stage of each column itself). */
export function apiFilters(view: TicketView, withStage = true): TicketListFilters {
  return {
    teamId: view.teamId || undefined,
    stageId: withStage ? view.stageId || undefined : undefined,
    customerId: view.customerId || undefined,
    assigneeId: view.assignee && view.assignee !== UNASSIGNED ? view.assignee : undefined,
    unassigned: view.assignee === UNASSIGNED ? 'true' : undefined,
    saleOrderId: view.saleOrderId || undefined,
    projectId: view.projectId || undefined,
    closed: view.state === 'all' ? undefined : view.state === 'closed' ? 'true' : 'false',
    q: view.q.trim() || undefined,
    sort: view.sort,
  };
}
