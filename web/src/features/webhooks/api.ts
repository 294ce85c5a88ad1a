import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { del, get, getAll, patch, post, query } from '../../app/http.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../app/types.ts';

export type EndpointInput = ApiBody<'/webhook-endpoints', 'post'>;
type Settings = ApiResponse<'/webhook-settings', 'get'>;

/** Every webhook endpoint (admins only). */
export const useWebhookEndpoints = () => useQuery({ queryKey: ['webhooks', 'endpoints'], queryFn: () => getAll<ApiResponse<'/webhook-endpoints', 'get'>>('/webhook-endpoints') });

export const useWebhookEndpoint = (id: string) => useQuery({ queryKey: ['webhooks', 'endpoints', id], queryFn: () => get<WebhookEndpoint>(`/webhook-endpoints/${id}`) });

/** A page of an endpoint's delivery log, newest first; refreshed every few seconds while a delivery is queued. */
export const useWebhookDeliveries = (id: string, cursor: string | undefined) => useQuery({
  queryKey: ['webhooks', 'deliveries', id, cursor ?? ''],
  queryFn: () => get<ApiResponse<'/webhook-endpoints/{id}/deliveries', 'get'>>(`/webhook-endpoints/${id}/deliveries${query({ limit: 20, cursor })}`),
  placeholderData: keepPreviousData,
  refetchInterval: (q) => (q.state.data?.items.some((d: WebhookDelivery) => d.state === 'queued') ? 2000 : false),
});

export const useWebhookSettings = () => useQuery({ queryKey: ['webhooks', 'settings'], queryFn: () => get<Settings>('/webhook-settings') });

/** The mutations of this screen: each refreshes the endpoints and logs it changes. */
function useWebhookMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ['webhooks'] }) });
}

export const useSaveWebhookSettings = () => useWebhookMutation((input: Partial<Settings>) => patch<Settings>('/webhook-settings', input));
export const useCreateEndpoint = () => useWebhookMutation((input: EndpointInput) => post<WebhookEndpoint>('/webhook-endpoints', input));
export const useUpdateEndpoint = (id: string) => useWebhookMutation((input: Partial<EndpointInput>) => patch<WebhookEndpoint>(`/webhook-endpoints/${id}`, input));
export const useDeleteEndpoint = (id: string) => useWebhookMutation(() => del(`/webhook-endpoints/${id}`));
export const useRotateSecret = (id: string) => useWebhookMutation(() => post<WebhookEndpoint>(`/webhook-endpoints/${id}/rotate-secret`));
export const useResend = () => useWebhookMutation((deliveryId: string) => post<WebhookDelivery>(`/webhook-deliveries/${deliveryId}/resend`));
