import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Invoice } from '../../app/types.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { secondaryLink } from '../../ui/links.ts';
import { Button, ErrorMessage } from '../../ui/ui.tsx';
import { useDeleteInvoice, useReverseInvoice } from './api.ts';
import { CreditEntriesDialog } from './CreditEntriesDialog.tsx';
import { EinvoiceLinks } from './EinvoiceLinks.tsx';
import { SendInvoiceButton } from './InvoiceSends.tsx';

/**
 * Toolbar of an invoice: PDF always, the e-invoices (UBL, Factur-X) once posted; for those who
 * invoice (`canInvoice`), delete for drafts, send by e-mail for posted documents, reverse and
 * credit entries for posted invoices.
 */
export function InvoiceActions({ invoice, canInvoice }: { invoice: Invoice; canInvoice: boolean }) {
  const navigate = useNavigate();
  const reverse = useReverseInvoice(invoice.id);
  const [open, setOpen] = useState<'delete' | 'credit' | null>(null);
  const creditable = canInvoice && invoice.state === 'posted' && invoice.kind === 'invoice';
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <a href={`/api/v1/invoices/${invoice.id}/pdf`} target="_blank" rel="noopener" className={secondaryLink}>Download PDF</a>
        <EinvoiceLinks invoice={invoice} />
        {canInvoice && invoice.state === 'draft' && <Button variant="danger" onClick={() => setOpen('delete')}>Delete draft</Button>}
        {canInvoice && invoice.state === 'posted' && <SendInvoiceButton invoice={invoice} />}
        {creditable && <Button onClick={() => setOpen('credit')}>Credit entries</Button>}
        {creditable && (
          <Button onClick={() => reverse.mutate(undefined, { onSuccess: (note) => navigate(`/invoices/${note.id}`) })} disabled={reverse.isPending} title="Create a draft credit note for everything this invoice still bills">
            {reverse.isPending ? 'Reversing…' : 'Reverse'}
          </Button>
        )}
      </div>
      <ErrorMessage error={reverse.error} />
      {open === 'delete' && <DeleteDraftDialog invoice={invoice} onClose={() => setOpen(null)} />}
      {open === 'credit' && <CreditEntriesDialog invoice={invoice} onClose={() => setOpen(null)} />}
    </div>
  );
}

function DeleteDraftDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const navigate = useNavigate();
  const remove = useDeleteInvoice(invoice.id);
  const noun = invoice.kind === 'credit_note' ? 'credit note' : 'invoice';
  return (
    <ConfirmDialog
      title={`Delete this draft ${noun}?`}
      cancelLabel="Keep it"
      confirmLabel="Delete draft"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/invoices', { replace: true }) })}
      onClose={onClose}
    >
      <p>{invoice.kind === 'credit_note' ? 'Nothing is credited; the invoice keeps billing its time.' : 'The time it bills becomes to invoice again on its sales order.'}</p>
    </ConfirmDialog>
  );
}
