import type { Invoice, InvoiceEntry } from '../../app/types.ts';
import { invoiceTitle } from './labels.ts';

export interface CreditableEntry extends InvoiceEntry {
  lineDescription: string;
  /** The draft credit note it is already on, if any (it cannot go on a second one). */
  onDraft: string | null;
}

/**
 * The entries a posted invoice still bills: its entries less those a posted credit note released
 * (set membership only, no figures), each marked when a draft credit note already names it.
 */
export function creditableEntries(invoice: Invoice, creditNotes: Invoice[]): CreditableEntry[] {
  const released = new Set<string>();
  const onDraft = new Map<string, string>();
  for (const note of creditNotes) {
    for (const id of note.lines.flatMap((line) => line.timesheetIds)) {
      if (note.state === 'posted') released.add(id);
      else onDraft.set(id, invoiceTitle(note));
    }
  }
  return invoice.lines.flatMap((line) =>
    line.entries.filter((entry) => !released.has(entry.timesheetId)).map((entry) => ({ ...entry, lineDescription: line.description, onDraft: onDraft.get(entry.timesheetId) ?? null })),
  );
}
