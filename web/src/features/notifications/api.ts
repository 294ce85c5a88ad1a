import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiResponse } from '../../app/contract.ts';
import { get, post } from '../../app/http.ts';

/** R74: the signed-in user's notifications (upsell alerts of prepaid blocks), newest first, with the count not handled. */
export type NotificationList = ApiResponse<'/notifications', 'get'>;
export type Notification = NotificationList['items'][number];

/** The latest notifications; refreshed every half minute, since time logged by anyone may raise one. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => get<NotificationList>('/notifications?limit=20'),
    refetchInterval: 30_000,
  });
}

export function useMarkHandled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<Notification>(`/notifications/${id}/handled`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
