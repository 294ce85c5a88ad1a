import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { del, get, patch, post, type Page } from '../../app/http.ts';
import type { Timesheet } from '../../app/types.ts';

export interface TimesheetInput {
  date?: string;
  userId?: string;
  minutes?: number;
  description?: string;
  billable?: boolean;
  saleOrderLineId?: string | null;
}

export const useTicketTimesheets = (ticketId: string) =>
  useQuery({ queryKey: ['timesheets', 'ticket', ticketId], queryFn: () => get<Page<Timesheet>>(`/tickets/${ticketId}/timesheets?limit=500`) });

/** Time changes the ticket's totals, the order's delivered quantity, the dashboard and draft invoices. */
function invalidateAfterTime(client: QueryClient) {
  for (const key of ['timesheets', 'tickets', 'saleOrders', 'dashboard', 'invoices', 'projects']) void client.invalidateQueries({ queryKey: [key] });
}

export function useLogTime(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TimesheetInput) => post<Timesheet>(`/tickets/${ticketId}/timesheets`, body),
    onSuccess: () => invalidateAfterTime(client),
  });
}

export function useUpdateTimesheet(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TimesheetInput) => patch<Timesheet>(`/timesheets/${id}`, body),
    onSuccess: () => invalidateAfterTime(client),
  });
}

export function useDeleteTimesheet(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del(`/timesheets/${id}`),
    onSuccess: () => invalidateAfterTime(client),
  });
}
