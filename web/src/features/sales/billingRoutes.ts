import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiResponse } from '../../app/contract.ts';
import { del, get, put } from '../../app/http.ts';

/** What an order's billing by agent or work type maps (R76, R77). */
export type RouteKind = 'agent-lines' | 'work-type-lines';
export type AgentLine = ApiResponse<'/sale-orders/{id}/agent-lines', 'get'>['items'][number];
export type WorkTypeLine = ApiResponse<'/sale-orders/{id}/work-type-lines', 'get'>['items'][number];
type Change = { movedEntries: number };

/** The order's mappings of one kind (key ['saleOrders', id, kind]: they refresh with the order). */
export const useOrderRoutes = <T extends AgentLine | WorkTypeLine>(orderId: string, kind: RouteKind) =>
  useQuery({ queryKey: ['saleOrders', orderId, kind], queryFn: () => get<{ items: T[] }>(`/sale-orders/${orderId}/${kind}`) });

/**
 * Maps a key (an agent's or a work type's id) to a line, or removes its mapping (line null). The
 * time it moves changes the order's figures, its timesheets and its tickets' lines.
 */
export function useMapRoute(orderId: string, kind: RouteKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, lineId }: { key: string; lineId: string | null }) =>
      (lineId ? put<Change>(`/sale-orders/${orderId}/${kind}/${key}`, { saleOrderLineId: lineId }) : del<Change>(`/sale-orders/${orderId}/${kind}/${key}`)),
    onSuccess: () => {
      for (const key of ['saleOrders', 'timesheets', 'tickets', 'dashboard']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
}
