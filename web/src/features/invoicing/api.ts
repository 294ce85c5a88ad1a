import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiItem, ApiResponse } from '../../app/contract.ts';
import { del, get, post, query } from '../../app/http.ts';
import type { Invoice } from '../../app/types.ts';

/** GET /company also carries the address and VAT id printed on invoices. */

export type InvoiceFilters = Pick<ApiFilters<'/invoices'>, 'state' | 'kind' | 'customerId' | 'dateFrom' | 'dateTo' | 'payment'>;

export const useInvoices = (filters: InvoiceFilters) =>
  useInfiniteQuery({
    queryKey: ['invoices', 'list', filters],
    queryFn: ({ pageParam }) => get<ApiResponse<'/invoices', 'get'>>(`/invoices${query({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Drafts left longer than the server's DESKBILL_STRANDED_DRAFT_HOURS, with the time their claims hold. */
export const useStrandedDrafts = () =>
  useQuery({ queryKey: ['invoices', 'stranded'], queryFn: () => get<ApiResponse<'/invoices/stranded-drafts', 'get'>>('/invoices/stranded-drafts') });

export const useInvoice = (id: string | null | undefined) => useQuery({ queryKey: ['invoices', id], queryFn: () => get<Invoice>(`/invoices/${id}`), enabled: Boolean(id) });
/** Several invoices at once (the credit notes of an invoice), by id. */
export const useInvoicesById = (ids: string[]) =>
  useQuery({ queryKey: ['invoices', 'byIds', ids], queryFn: () => Promise.all(ids.map((id) => get<Invoice>(`/invoices/${id}`))), enabled: ids.length > 0 });

export { useCompany } from '../settings/api.ts';

/** What an invoicing action changes: invoices, order quantities, entry statuses, ticket figures, dashboard. */
function refreshAfterInvoicing(client: QueryClient) {
  for (const key of ['invoices', 'saleOrders', 'timesheets', 'tickets', 'dashboard']) void client.invalidateQueries({ queryKey: [key] });
}

function useInvoicingMutation<Vars, Result>(fn: (vars: Vars) => Promise<Result>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => refreshAfterInvoicing(client) });
}

export const usePostInvoice = (id: string) => useInvoicingMutation((invoiceDate: string) => post<Invoice>(`/invoices/${id}/post`, (invoiceDate ? { invoiceDate } : {}) satisfies ApiBody<'/invoices/{id}/post', 'post'>));
export const useDeleteInvoice = (id: string) => useInvoicingMutation(() => del(`/invoices/${id}`));
export const useDeleteInvoiceLine = (id: string) => useInvoicingMutation((lineId: string) => del<Invoice>(`/invoices/${id}/lines/${lineId}`));
export const useReverseInvoice = (id: string) => useInvoicingMutation(() => post<Invoice>(`/invoices/${id}/reverse`));
export const useCreditEntries = (id: string) => useInvoicingMutation((timesheetIds: string[]) => post<Invoice>(`/invoices/${id}/credit-notes`, { timesheetIds } satisfies ApiBody<'/invoices/{id}/credit-notes', 'post'>));

export type InvoiceSend = ApiItem<'/invoices/{id}/sends'>;

/** Every mailing of a document, newest first; looked at again every 2 s while one is still queued. */
export const useInvoiceSends = (id: string) =>
  useQuery({
    queryKey: ['invoices', id, 'sends'],
    queryFn: () => get<ApiResponse<'/invoices/{id}/sends', 'get'>>(`/invoices/${id}/sends`),
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.state === 'queued') ? 2000 : false),
  });

/** Mails the document to the customer (queued at once; delivered by the server's outbox). */
export function useSendInvoice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<InvoiceSend>(`/invoices/${id}/send`, {} satisfies ApiBody<'/invoices/{id}/send', 'post'>),
    onSuccess: () => client.invalidateQueries({ queryKey: ['invoices', id, 'sends'] }),
  });
}

export type InvoicePayment = ApiItem<'/invoices/{id}/payments'>;
export type PaymentInput = ApiBody<'/invoices/{id}/payments', 'post'>;

/** R65: the payments registered on an invoice, latest first. */
export const useInvoicePayments = (id: string) =>
  useQuery({ queryKey: ['invoices', id, 'payments'], queryFn: () => get<ApiResponse<'/invoices/{id}/payments', 'get'>>(`/invoices/${id}/payments`) });

/** R65: registers a payment; the invoice's figures, its payments and the lists follow. */
export const useRegisterPayment = (id: string) => useInvoicingMutation((body: PaymentInput) => post<InvoicePayment>(`/invoices/${id}/payments`, body));
