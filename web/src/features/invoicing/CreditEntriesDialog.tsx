import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { Invoice } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Button, Empty, ErrorMessage } from '../../ui/ui.tsx';
import { NoData } from '../../ui/QueryState.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { useCreditEntries, useInvoicesById } from './api.ts';
import { creditableEntries, type CreditableEntry } from './creditable.ts';

/** R44 partial credit: tick the entries to credit; a draft credit note for exactly those is created. */
export function CreditEntriesDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const navigate = useNavigate();
  const notes = useInvoicesById(invoice.creditNoteIds);
  const credit = useCreditEntries(invoice.id);
  const [picked, setPicked] = useState<string[]>([]);
  const loading = invoice.creditNoteIds.length > 0 && !notes.data;
  const entries = loading ? [] : creditableEntries(invoice, notes.data ?? []);
  const toggle = (id: string, on: boolean) => setPicked((current) => (on ? [...current, id] : current.filter((p) => p !== id)));
  const sent = credit.variables ?? [];
  const fieldError = (id: string) => (credit.error instanceof ApiError && sent.includes(id) ? credit.error.field(`timesheetIds.${sent.indexOf(id)}`) : undefined);
  return (
    <Dialog title="Credit entries" onClose={onClose} wide>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          credit.mutate(picked, { onSuccess: (note) => navigate(`/invoices/${note.id}`) });
        }}
        className="space-y-3"
      >
        <p className="text-sm text-slate-600">Tick the time entries to credit. A draft credit note is created for exactly their quantity; once it is posted, that time can be invoiced again.</p>
        {loading ? <NoData query={notes} /> : entries.length === 0 ? (
          <Empty>This invoice bills no time entries that are still to credit.</Empty>
        ) : (
          <fieldset className="max-h-96 overflow-y-auto rounded border border-slate-200">
            <legend className="sr-only">Entries billed by this invoice</legend>
            {entries.map((entry, index) => (
              <div key={entry.timesheetId}>
                {entry.lineDescription !== entries[index - 1]?.lineDescription && (
                  <div className="sticky top-0 border-b border-slate-200 bg-slate-50 px-3 py-1 text-xs font-medium text-slate-600">{entry.lineDescription}</div>
                )}
                <EntryOption entry={entry} checked={picked.includes(entry.timesheetId)} onToggle={toggle} error={fieldError(entry.timesheetId)} />
              </div>
            ))}
          </fieldset>
        )}
        {credit.error && !(credit.error instanceof ApiError && credit.error.details.length > 0) && <ErrorMessage error={credit.error} />}
        <div className="flex items-center justify-end gap-2">
          <span role="status" className="mr-auto text-sm text-slate-600">{picked.length === 0 ? 'No entry ticked' : `${picked.length} ${picked.length === 1 ? 'entry' : 'entries'} ticked`}</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={picked.length === 0 || credit.isPending}>{credit.isPending ? 'Creating…' : 'Create credit note'}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function EntryOption({ entry, checked, onToggle, error }: { entry: CreditableEntry; checked: boolean; onToggle: (id: string, on: boolean) => void; error: string | undefined }) {
  const label = `${entry.date} · ${entry.agentName} · #${entry.ticketNumber} ${entry.ticketSubject}${entry.description ? ' · ' + entry.description : ''} · ${displayMinutes(entry.minutes)}`;
  return (
    <label className={`flex items-start gap-3 border-b border-slate-100 px-3 py-2 text-sm ${entry.onDraft ? 'text-slate-400' : 'cursor-pointer hover:bg-slate-50'}`}>
      <input type="checkbox" aria-label={label} checked={checked} disabled={Boolean(entry.onDraft)} onChange={(e) => onToggle(entry.timesheetId, e.target.checked)} className="mt-0.5" />
      <span className="w-24 tabular-nums">{entry.date}</span>
      <span className="w-36 truncate">{entry.agentName}</span>
      <span className="flex-1">
        #{entry.ticketNumber} {entry.ticketSubject}
        {entry.description && <span className="block text-xs text-slate-500">{entry.description}</span>}
        {entry.onDraft && <span className="block text-xs">Already on {entry.onDraft}</span>}
        {error && <span role="alert" className="block text-xs text-red-700">{error}</span>}
      </span>
      <span className="w-14 text-right tabular-nums">{displayMinutes(entry.minutes)}</span>
    </label>
  );
}
