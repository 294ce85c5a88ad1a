import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiResponse } from '../../app/contract.ts';
import { del, get, patch, post, put, query } from '../../app/http.ts';
import type { Timesheet } from '../../app/types.ts';

/** A new entry (its date and minutes are required). */
export type NewTimesheetInput = ApiBody<'/tickets/{id}/timesheets', 'post'>;
/** The changes to an entry. */
export type TimesheetInput = ApiBody<'/timesheets/{id}', 'patch'>;

export const useTicketTimesheets = (ticketId: string) =>
  useQuery({ queryKey: ['timesheets', 'ticket', ticketId], queryFn: () => get<ApiResponse<'/tickets/{id}/timesheets', 'get'>>(`/tickets/${ticketId}/timesheets?limit=500`) });

/**
 * Time changes the ticket's totals, the order's delivered quantity, the dashboard and draft invoices.
 * Run on refusals too (onSettled): a 409 means the entry or its ticket changed meanwhile (invoiced,
 * closed), and the grid must show what it is now.
 */
export function invalidateAfterTime(client: QueryClient) {
  for (const key of ['timesheets', 'tickets', 'saleOrders', 'dashboard', 'invoices', 'projects']) void client.invalidateQueries({ queryKey: [key] });
}

export function useLogTime(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTimesheetInput) => post<Timesheet>(`/tickets/${ticketId}/timesheets`, body),
    onSettled: () => invalidateAfterTime(client),
  });
}

export function useUpdateTimesheet(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TimesheetInput) => patch<Timesheet>(`/timesheets/${id}`, body),
    onSettled: () => invalidateAfterTime(client),
  });
}

export function useDeleteTimesheet(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del(`/timesheets/${id}`),
    onSettled: () => invalidateAfterTime(client),
  });
}

/** The timesheet list's filters (its CSV export takes the same). */
export type TimesheetFilters = Pick<ApiFilters<'/timesheets'>, 'dateFrom' | 'dateTo' | 'customerId' | 'teamId' | 'userId' | 'status'>;

/** A page of the entries the user sees, newest date first. */
export const useTimesheets = (filters: TimesheetFilters, cursor: string | undefined) =>
  useQuery({
    queryKey: ['timesheets', 'list', filters, cursor],
    queryFn: () => get<ApiResponse<'/timesheets', 'get'>>(`/timesheets${query({ ...filters, limit: 50, cursor })}`),
    placeholderData: (previous) => previous,
  });

/** R68: one agent's week (the user's when `agentId` is empty), with the open tickets assigned to them. */
export type TimesheetWeek = ApiResponse<'/timesheets/week', 'get'>;
export type WeekCellInput = ApiBody<'/timesheets/week', 'put'>['cells'][number];

const weekKey = (weekStart: string, agentId: string | undefined) => ['timesheets', 'week', agentId ?? 'mine', weekStart];

export const useTimesheetWeek = (weekStart: string, agentId: string | undefined) =>
  useQuery({
    queryKey: weekKey(weekStart, agentId),
    queryFn: () => get<TimesheetWeek>(`/timesheets/week${query({ weekStart, agentId, includeAssigned: true })}`),
  });

/** Saves the changed cells of a week, all or nothing; the answer is the week as saved. */
export function useSaveTimesheetWeek() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/timesheets/week', 'put'>) => put<TimesheetWeek>('/timesheets/week', body),
    // The grid shows the saved week at once (its typed text is cleared on success), not the old one until the refetch.
    onSuccess: (saved, body) => client.setQueryData(weekKey(body.weekStart, body.agentId), saved),
    onSettled: () => invalidateAfterTime(client),
  });
}
