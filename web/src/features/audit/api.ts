import { useQuery } from '@tanstack/react-query';
import { getAll } from '../../app/http.ts';

/** The records whose history the screens show (the audit trail follows a few more: users, company). */
export type AuditedObject = 'ticket' | 'timesheet' | 'sale_order' | 'sale_order_line' | 'invoice' | 'invoice_line';

/** One change of the audit trail (GET /audit-events): the watched fields before and after it, as the database holds them. */
export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  /** null: the system (demo data, the command line). */
  actorName: string | null;
  objectType: AuditedObject;
  objectId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A record of a history and how to name it ("Ticket #12", "Time entry of 2026-03-02 by Sam"). */
export interface AuditSubject {
  type: AuditedObject;
  id: string;
  label: string;
}

/** Which record a history is about; the API adds its parts (time entries, lines), removed ones too. */
export interface HistoryScope {
  param: 'ticketId' | 'saleOrderId' | 'invoiceId';
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
    queryFn: () => getAll<AuditEvent>(`/audit-events?${scope.param}=${scope.id}`),
  });
  return { events: query.data ?? [], isPending: query.isPending, error: query.error };
}
