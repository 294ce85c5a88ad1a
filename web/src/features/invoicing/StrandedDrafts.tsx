import { Link } from 'react-router';
import { displayMinutes, formatDateTime } from '../../ui/format.ts';
import { useStrandedDrafts } from './api.ts';

/**
 * Drafts nobody posted or deleted (a script or a post that died half-way, a forgotten draft): their
 * claims keep the time they list out of "to invoice", so it is billed by nobody until they go.
 */
export function StrandedDrafts() {
  const stranded = useStrandedDrafts();
  const drafts = stranded.data?.items ?? [];
  if (drafts.length === 0) return null;
  const minutes = drafts.reduce((sum, d) => sum + d.minutes, 0);
  return (
    <section role="alert" aria-label="Stranded drafts" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">
        {drafts.length === 1 ? '1 draft is' : `${drafts.length} drafts are`} older than {stranded.data!.olderThanHours} h:
        {drafts.length === 1 ? ' its claims keep' : ' their claims keep'} {displayMinutes(minutes)} h of time out of “to invoice”.
        Post or delete {drafts.length === 1 ? 'it' : 'them'}.
      </p>
      <ul className="mt-2 space-y-1">
        {drafts.map((d) => (
          <li key={d.invoiceId}>
            <Link to={`/invoices/${d.invoiceId}`} className="font-medium text-indigo-700 hover:underline">Draft {d.invoiceId}</Link>
            {' '}created {formatDateTime(d.createdAt)}: {d.entries} {d.entries === 1 ? 'entry' : 'entries'}, {displayMinutes(d.minutes)} h
          </li>
        ))}
      </ul>
    </section>
  );
}
