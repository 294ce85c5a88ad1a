import { useQuery } from '@tanstack/react-query';
import type { ApiItem, ApiQuery, ApiResponse } from '../../app/contract.ts';
import { getAll } from '../../app/http.ts';

/**
 * One change of the audit trail (GET /audit-events): the watched fields before and after it, as the
 * database holds them; `actorName` null is the system (demo data, the command line).
 */
export type AuditEvent = ApiItem<'/audit-events'>;

/** The kinds of records the audit trail follows (the screens show tickets, entries, orders, invoices and their lines). */
export type AuditedObject = AuditEvent['objectType'];

/** A record of a history and how to name it ("Ticket #12", "Time entry of 2026-03-02 by Sam"). */
export interface AuditSubject {
  type: AuditedObject;
  id: string;
  label: string;
}

/** Which record a history is about; the API adds its parts (time entries, lines), removed ones too. */
export interface HistoryScope {
  param: keyof Pick<ApiQuery<'/audit-events'>, 'ticketId' | 'saleOrderId' | 'invoiceId'>;
  id: string;
}

/**
 * The events of a record and its parts, newest first, in one request. `refreshWith` is the query
 * key of the records they are about ('tickets', 'saleOrders', 'invoices'): whatever refreshes
 * those refreshes their history.
 */
export function useHistory(scope: HistoryScope, refreshWith: string) {
  const query = useQuery({
    queryKey: [refreshWith, 'audit', scope.param, scope.id],
    queryFn: () => getAll<ApiResponse<'/audit-events', 'get'>>(`/audit-events?${scope.param}=${scope.id}`),
  });
  return { events: query.data ?? [], isPending: query.isPending, error: query.error };
}
