import { FormError } from './FormError.tsx';
import { Button } from './ui.tsx';

interface Props {
  /** The role may read the record, not change it: `readOnlyNote` says who does, instead of the button. */
  readOnly: boolean;
  readOnlyNote: string;
  /** The submit button's label ("Save", "Create product"). */
  label: string;
  pending: boolean;
  /** Saved, and nothing changed since. */
  saved: boolean;
  error: unknown;
  /** The fields whose refusals show next to their inputs (FormError leaves those out). */
  fields: readonly string[];
}

/** The foot of a record form (two grid columns wide): its submit button, "Saved", and the refusal. */
export function SaveBar({ readOnly, readOnlyNote, label, pending, saved, error, fields }: Props) {
  return (
    <>
      <div className="flex items-center gap-3 sm:col-span-2">
        {readOnly ? <span className="text-sm text-slate-500">{readOnlyNote}</span> : (
          <Button type="submit" variant="primary" disabled={pending}>{pending ? 'Saving…' : label}</Button>
        )}
        {saved && !pending && <span role="status" className="text-sm text-green-700">Saved</span>}
      </div>
      <div className="sm:col-span-2"><FormError error={error} fields={fields} /></div>
    </>
  );
}
