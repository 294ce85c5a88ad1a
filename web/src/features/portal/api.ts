import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiResponse } from '../../app/contract.ts';
import { get, getAll, post, query } from '../../app/http.ts';
import type { PortalComment, PortalMe, PortalTicket } from './types.ts';

/** The portal's queries: everything under /portal, the caller's commercial entity only. Pages keep the previous one while the next loads. */
const keep = { placeholderData: keepPreviousData };

export const usePortalMe = () => useQuery({ queryKey: ['portal', 'me'], queryFn: () => get<PortalMe>('/portal/me'), staleTime: 60_000 });
export const usePortalTeams = () => useQuery({ queryKey: ['portal', 'teams'], queryFn: () => getAll<ApiResponse<'/portal/teams', 'get'>>('/portal/teams'), staleTime: 60_000 });

export const usePortalTickets = (filters: ApiFilters<'/portal/tickets'>) =>
  useQuery({ queryKey: ['portal', 'tickets', 'list', filters], queryFn: () => get<ApiResponse<'/portal/tickets', 'get'>>(`/portal/tickets${query({ ...filters, limit: 50 })}`), ...keep });
export const usePortalTicket = (id: string) => useQuery({ queryKey: ['portal', 'tickets', id], queryFn: () => get<PortalTicket>(`/portal/tickets/${id}`) });
export const usePortalTimesheets = (ticketId: string) =>
  useQuery({ queryKey: ['portal', 'tickets', ticketId, 'timesheets'], queryFn: () => getAll<ApiResponse<'/portal/tickets/{id}/timesheets', 'get'>>(`/portal/tickets/${ticketId}/timesheets`) });
export const usePortalComments = (ticketId: string) =>
  useQuery({ queryKey: ['portal', 'tickets', ticketId, 'comments'], queryFn: () => getAll<ApiResponse<'/portal/tickets/{id}/comments', 'get'>>(`/portal/tickets/${ticketId}/comments`) });

export const usePortalOrders = (cursor: string | undefined) =>
  useQuery({ queryKey: ['portal', 'orders', cursor ?? null], queryFn: () => get<ApiResponse<'/portal/orders', 'get'>>(`/portal/orders${query({ cursor, limit: 20 })}`), ...keep });
export const usePortalInvoices = (cursor: string | undefined) =>
  useQuery({ queryKey: ['portal', 'invoices', cursor ?? null], queryFn: () => get<ApiResponse<'/portal/invoices', 'get'>>(`/portal/invoices${query({ cursor, limit: 50 })}`), ...keep });

/** Opens a ticket (the caller's customer, the team's first stage). */
export function useOpenTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/portal/tickets', 'post'>) => post<PortalTicket>('/portal/tickets', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', 'tickets'] }),
  });
}

/** Adds a message to a ticket's conversation. */
export function usePostComment(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => post<PortalComment>(`/portal/tickets/${ticketId}/comments`, { body } satisfies ApiBody<'/portal/tickets/{id}/comments', 'post'>),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', 'tickets', ticketId, 'comments'] }),
  });
}
