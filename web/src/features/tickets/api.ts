import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiQuery, ApiResponse } from '../../app/contract.ts';
import { get, patch, post, query } from '../../app/http.ts';
import type { Stage, Team, Ticket } from '../../app/types.ts';

/** The ticket list's query (GET /tickets) without `limit` and `cursor`, which the list sets itself. */
export type TicketListFilters = Omit<ApiQuery<'/tickets'>, 'limit' | 'cursor'>;

/** A page-by-page ticket list ("Load more" fetches the next cursor). */
export const useTicketList = (filters: TicketListFilters, limit = 50) =>
  useInfiniteQuery({
    queryKey: ['tickets', 'list', filters, limit],
    queryFn: ({ pageParam }) => get<ApiResponse<'/tickets', 'get'>>(`/tickets${query({ ...filters, limit, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useTicket = (id: string | undefined) =>
  useQuery({ queryKey: ['tickets', id], queryFn: () => get<Ticket>(`/tickets/${id}`), enabled: Boolean(id) });

/** The stages of every team, for naming a ticket's stage in lists. */
export function useAllStages(teams: Team[] | undefined): Map<string, Stage> {
  return useQueries({
    queries: (teams ?? []).map((team) => ({ queryKey: ['stages', team.id], queryFn: () => get<StagesOfTeam>(`/teams/${team.id}/stages`) })),
    combine: stagesById,
  });
}
type StagesOfTeam = ApiResponse<'/teams/{id}/stages', 'get'>;
const stagesById = (results: Array<{ data?: StagesOfTeam | undefined }>) => new Map(results.flatMap((r) => r.data?.items ?? []).map((s) => [s.id, s]));

/**
 * R20: the lines the ticket may point at, from the server only. `customerId` asks for the options
 * of a customer the form is about to set.
 */
export const useSaleLineOptions = (ticketId: string | undefined, customerId?: string | undefined, enabled = true) =>
  useQuery({
    queryKey: ['tickets', ticketId, 'saleLineOptions', customerId ?? null],
    queryFn: () => get<ApiResponse<'/tickets/{id}/sale-order-line-options', 'get'>>(`/tickets/${ticketId}/sale-order-line-options${query({ customerId })}`),
    enabled: Boolean(ticketId) && enabled,
  });

/** After a ticket changes: lists, the dashboard, delivered quantities of orders, moved entries. */
function invalidateAfterTicketChange(client: QueryClient) {
  for (const key of ['tickets', 'dashboard', 'saleOrders', 'timesheets', 'projects']) void client.invalidateQueries({ queryKey: [key] });
}

/** A new ticket (its team and subject are required). */
export type NewTicketInput = ApiBody<'/tickets', 'post'>;
/** The changes to a ticket. */
export type TicketInput = ApiBody<'/tickets/{id}', 'patch'>;

export function useUpdateTicket(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketInput) => patch<Ticket>(`/tickets/${id}`, body),
    onSuccess: (ticket) => {
      client.setQueryData(['tickets', ticket.id], ticket);
      invalidateAfterTicketChange(client);
    },
  });
}

/** Moves a ticket to a stage (kanban, stage buttons). */
export function useMoveTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, stageId }: { id: string; stageId: string }) => patch<Ticket>(`/tickets/${id}`, { stageId } satisfies TicketInput),
    onSuccess: () => invalidateAfterTicketChange(client),
  });
}

/** One change (assignee, stage by id or name, sales order item) to several tickets: all or nothing. */
export type BulkTicketChange = ApiBody<'/tickets/bulk', 'post'>['change'];

export function useBulkTickets() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ticketIds: string[]; change: BulkTicketChange }) => post<ApiResponse<'/tickets/bulk', 'post'>>('/tickets/bulk', body satisfies ApiBody<'/tickets/bulk', 'post'>),
    onSuccess: () => invalidateAfterTicketChange(client),
  });
}

export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTicketInput) => post<Ticket>('/tickets', body),
    onSuccess: () => invalidateAfterTicketChange(client),
  });
}
