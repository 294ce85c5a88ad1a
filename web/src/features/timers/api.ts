import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { del, get, post } from '../../app/http.ts';
import type { Timesheet } from '../../app/types.ts';
import { invalidateAfterTime } from '../timesheets/api.ts';

/** R79: the signed-in agent's timer (running, paused, or stopped with its draft). */
export type Timer = ApiResponse<'/tickets/{id}/timer', 'post'>;
/** What the agent confirms of a stopped timer's draft. */
export type TimerConfirmation = ApiBody<'/timers/current/confirm', 'post'>;

const KEY = ['timer'];

/** R81: a timer on a ticket the caller sees, whoever runs it. */
export type TeamTimer = ApiResponse<'/timers', 'get'>['items'][number];

/** R81: the timers on the tickets the caller sees (or on one ticket); read again every minute. */
export const useTeamTimers = (ticketId?: string) =>
  useQuery({
    queryKey: ['timers', ticketId ?? 'all'],
    queryFn: () => get<ApiResponse<'/timers', 'get'>>(ticketId ? `/timers?ticketId=${ticketId}` : '/timers'),
    refetchInterval: 60_000,
  });

/** The agent's timer, or null; read again every minute and on focus (another tab may have changed it). */
export const useCurrentTimer = (enabled: boolean) =>
  useQuery({ queryKey: KEY, queryFn: () => get<ApiResponse<'/timers/current', 'get'>>('/timers/current'), enabled, refetchInterval: 60_000 });

/** Start on a ticket, pause, resume or stop: each answers the timer as it is now. */
export function useTimerChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { action: 'start'; ticketId: string } | { action: 'pause' | 'resume' | 'stop' }) =>
      change.action === 'start' ? post<Timer>(`/tickets/${change.ticketId}/timer`) : post<Timer>(`/timers/current/${change.action}`),
    onSuccess: (timer) => {
      client.setQueryData(KEY, { timer });
      void client.invalidateQueries({ queryKey: ['timers'] });
    },
    // A refusal means the timer changed elsewhere (another tab): show what it is now.
    onError: () => void client.invalidateQueries({ queryKey: KEY }),
  });
}

/** Logs the stopped timer's draft as an entry (and the timer is gone). */
export function useConfirmTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TimerConfirmation) => post<Timesheet>('/timers/current/confirm', body),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: KEY });
      void client.invalidateQueries({ queryKey: ['timers'] });
      invalidateAfterTime(client);
    },
  });
}

/** Throws the timer away, logging nothing. */
export function useDiscardTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del('/timers/current'),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: KEY });
      void client.invalidateQueries({ queryKey: ['timers'] });
    },
  });
}
