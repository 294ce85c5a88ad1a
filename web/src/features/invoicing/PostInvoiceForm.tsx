import { useState } from 'react';
import { ApiError } from '../../app/http.ts';
import type { Invoice } from '../../app/types.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';
import { today } from '../../ui/format.ts';
import { usePostInvoice } from './api.ts';

/**
 * R43: posting numbers the draft, dates it and freezes it. The date may be chosen (not before the
 * last posted one). Posting cannot be undone, so it asks first (R71); a refusal closes the question
 * and shows next to the form.
 */
export function PostInvoiceForm({ invoice }: { invoice: Invoice }) {
  const [date, setDate] = useState(today());
  const [confirming, setConfirming] = useState(false);
  const postInvoice = usePostInvoice(invoice.id);
  const error = postInvoice.error;
  // The refusal of a date before the last posted one names that date: shown in full next to the input.
  const dateError = error instanceof ApiError ? (error.code === 'INVOICE_DATE_BEFORE_LAST' ? error.message : error.field('invoiceDate')) : undefined;
  const noun = invoice.kind === 'credit_note' ? 'credit note' : 'invoice';
  return (
    <form
      aria-label={`Post ${noun}`}
      onSubmit={(event) => {
        event.preventDefault();
        postInvoice.reset();
        setConfirming(true);
      }}
      className="mb-4 flex flex-wrap items-end gap-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3"
    >
      <p className="flex-1 basis-72 self-center text-sm text-amber-900">
        This {noun} is a draft: it has no number yet and its lines can still be removed. Posting gives it the next number of the {invoice.kind === 'credit_note' ? 'RINV' : 'INV'} series and freezes it{invoice.kind === 'credit_note' ? '; the credited time becomes to invoice again' : ''}.
      </p>
      <div className="max-w-xs">
        <Field label="Invoice date" error={dateError}>
          <Input type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-invalid={dateError ? true : undefined} />
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={postInvoice.isPending}>{postInvoice.isPending ? 'Posting…' : 'Post'}</Button>
      {error && !dateError && <div className="basis-full"><ErrorMessage error={error} /></div>}
      {confirming && (
        <ConfirmDialog
          title={`Post this ${noun}?`}
          confirmLabel={`Post ${noun}`}
          pendingLabel="Posting…"
          variant="primary"
          pending={postInvoice.isPending}
          error={null}
          onConfirm={() => postInvoice.mutate(date, { onSettled: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        >
          <p>Posting gives the {noun} its number and freezes it; corrections need a credit note.</p>
          <p className="mt-2">Date: <strong>{date}</strong></p>
        </ConfirmDialog>
      )}
    </form>
  );
}
