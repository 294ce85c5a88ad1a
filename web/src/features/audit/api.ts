import { useQueries } from '@tanstack/react-query';
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

/**
 * The events of several records, newest first. `refreshWith` is the query key of the records they
 * are about ('tickets', 'saleOrders', 'invoices'): whatever refreshes those refreshes their history.
 */
export function useHistory(subjects: AuditSubject[], refreshWith: string) {
  return useQueries({
    queries: subjects.map((s) => ({
      queryKey: [refreshWith, 'audit', s.type, s.id],
      queryFn: () => getAll<AuditEvent>(`/audit-events?objectType=${s.type}&objectId=${s.id}`),
    })),
    combine: (results) => ({
      events: results.flatMap((r) => r.data ?? []).sort((a, b) => Number(b.id) - Number(a.id)),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}
