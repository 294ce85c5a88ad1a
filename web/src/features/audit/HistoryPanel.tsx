import { useState } from 'react';
import { usePermissions } from '../../app/permissions.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Empty, ErrorMessage, Loading } from '../../ui/ui.tsx';
import { useHistory, type AuditedObject, type AuditEvent, type AuditSubject, type HistoryScope } from './api.ts';
import { actionVerb, changesOf, fieldLabel, valueText, type NameOf } from './labels.ts';

interface Props {
  /** The record whose history this is (its parts come with it). */
  scope: HistoryScope;
  /** How to name the record and its current parts (a ticket's time entries, an order's lines). */
  subjects: AuditSubject[];
  /** The query key of those records: the history refreshes with them. */
  refreshWith: string;
  nameOf?: NameOf;
}

/**
 * "History" (managers and admins): who changed what and when, newest first, from the audit trail.
 * Folded by default; the events are read when it is opened.
 */
export function HistoryPanel(props: Props) {
  const [open, setOpen] = useState(false);
  if (!usePermissions().can('audit')) return null;
  return (
    <details className="mt-4 rounded-lg border border-slate-200 bg-white shadow-sm" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer px-4 py-2 text-sm font-semibold text-slate-800">History</summary>
      {open && <div className="border-t border-slate-100 p-4"><Events {...props} /></div>}
    </details>
  );
}

/** Parts that are gone (a deleted entry, a removed line) have no current name. */
const removedPart: Partial<Record<AuditedObject, string>> = { timesheet: 'a time entry', sale_order_line: 'a line', invoice_line: 'a line' };

function Events({ scope, subjects, refreshWith, nameOf }: Props) {
  const history = useHistory(scope, refreshWith);
  const labelOf = new Map(subjects.map((s) => [`${s.type}:${s.id}`, s.label]));
  if (history.error) return <ErrorMessage error={history.error} />;
  if (history.isPending) return <Loading what="Loading the history…" />;
  if (history.events.length === 0) return <Empty>No recorded change yet.</Empty>;
  return (
    <ol aria-label="History" className="flex flex-col divide-y divide-slate-100">
      {history.events.map((event) => <EventItem key={event.id} event={event} label={labelOf.get(`${event.objectType}:${event.objectId}`) ?? removedPart[event.objectType] ?? event.objectType} nameOf={nameOf} />)}
    </ol>
  );
}

function EventItem({ event, label, nameOf }: { event: AuditEvent; label: string; nameOf: NameOf | undefined }) {
  const changes = changesOf(event);
  return (
    <li className="py-2 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-2 text-slate-700">
        <time dateTime={event.at} className="text-xs text-slate-500 tabular-nums">{formatDateTime(event.at)}</time>
        <span><strong className="font-semibold text-slate-900">{event.actorName ?? 'System'}</strong> {actionVerb(event.action)} {label}</span>
      </div>
      {changes.length > 0 && (
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600">
          {changes.map(({ field, before, after }) => (
            <li key={field}>
              <span className="text-slate-500">{fieldLabel(field)}:</span>{' '}
              {event.before && event.after ? (
                <><del className="text-slate-400">{valueText(field, before, nameOf)}</del> → <ins className="font-medium text-slate-900 no-underline">{valueText(field, after, nameOf)}</ins></>
              ) : (
                <span className="font-medium text-slate-800">{valueText(field, event.after ? after : before, nameOf)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
