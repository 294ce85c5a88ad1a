import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiResponse } from '../../app/contract.ts';
import { del, get, patch, post, query } from '../../app/http.ts';
import type { Invoice, SaleOrder } from '../../app/types.ts';

export type OrderFilters = ApiFilters<'/sale-orders'>;

/** A line added to an order (its product is required). */
export type NewLineInput = ApiBody<'/sale-orders/{id}/lines', 'post'>;
/** The changes to a line (the delivered quantity too, for lines delivered by hand). */
export type LineInput = ApiBody<'/sale-order-lines/{id}', 'patch'>;

export const useSaleOrders = (filters: OrderFilters) =>
  useQuery({ queryKey: ['saleOrders', 'list', filters], queryFn: () => get<ApiResponse<'/sale-orders', 'get'>>(`/sale-orders${query({ ...filters, limit: 50 })}`), placeholderData: (previous) => previous });
/** One sales order or quotation: the single owner of this query (key ['saleOrders', id]); other features import it. */
export const useSaleOrder = (id: string | null | undefined) =>
  useQuery({ queryKey: ['saleOrders', id], queryFn: () => get<SaleOrder>(`/sale-orders/${id}`), enabled: Boolean(id) });

/** What points at an order: its tickets, its timesheet entries, its invoices (smart buttons). */
export const useOrderTickets = (orderId: string) =>
  useQuery({ queryKey: ['tickets', 'bySaleOrder', orderId], queryFn: () => get<ApiResponse<'/tickets', 'get'>>(`/tickets?saleOrderId=${orderId}&limit=500`) });
export const useOrderTimesheets = (orderId: string) =>
  useQuery({ queryKey: ['timesheets', 'bySaleOrder', orderId], queryFn: () => get<ApiResponse<'/timesheets', 'get'>>(`/timesheets?saleOrderId=${orderId}&limit=500`) });
export const useOrderInvoices = (orderId: string, enabled: boolean) =>
  useQuery({ queryKey: ['invoices', 'bySaleOrder', orderId], queryFn: () => get<ApiResponse<'/invoices', 'get'>>(`/invoices?saleOrderId=${orderId}&limit=500`), enabled });

/** After an order changes: its figures, the order lists, the lines tickets may link to, the dashboard. */
function refreshOrder(client: QueryClient, order?: SaleOrder) {
  if (order) client.setQueryData(['saleOrders', order.id], order);
  for (const key of ['saleOrders', 'tickets', 'dashboard']) void client.invalidateQueries({ queryKey: [key] });
}

function useOrderMutation<Vars>(fn: (vars: Vars) => Promise<SaleOrder>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (order) => refreshOrder(client, order) });
}

export const useCreateOrder = () => useOrderMutation((customerId: string) => post<SaleOrder>('/sale-orders', { customerId } satisfies ApiBody<'/sale-orders', 'post'>));
export const useChangeCustomer = (id: string) => useOrderMutation((customerId: string) => patch<SaleOrder>(`/sale-orders/${id}`, { customerId } satisfies ApiBody<'/sale-orders/{id}', 'patch'>));
/** R80: the order's account manager (who gets its upsell alerts). */
export const useChangeAccountManager = (id: string) =>
  useOrderMutation((accountManagerId: string | null) => patch<SaleOrder>(`/sale-orders/${id}`, { accountManagerId } satisfies ApiBody<'/sale-orders/{id}', 'patch'>));
export const useAddLine = (id: string) => useOrderMutation((line: NewLineInput) => post<SaleOrder>(`/sale-orders/${id}/lines`, line));
export const useUpdateLine = (lineId: string) => useOrderMutation((line: LineInput) => patch<SaleOrder>(`/sale-order-lines/${lineId}`, line));
export const useDeleteLine = (lineId: string) => useOrderMutation(() => del<SaleOrder>(`/sale-order-lines/${lineId}`));
export const useConfirmOrder = (id: string) => useOrderMutation(() => post<SaleOrder>(`/sale-orders/${id}/confirm`));
export const useCancelOrder = (id: string) => useOrderMutation(() => post<SaleOrder>(`/sale-orders/${id}/cancel`));

/** Create invoice (optionally for a period, inclusive): one draft invoice; entries become invoiced. */
export function useCreateInvoice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (period: ApiBody<'/sale-orders/{id}/invoices', 'post'>) => post<Invoice>(`/sale-orders/${id}/invoices`, period),
    onSuccess: () => {
      for (const key of ['saleOrders', 'invoices', 'timesheets', 'tickets', 'dashboard']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
}
