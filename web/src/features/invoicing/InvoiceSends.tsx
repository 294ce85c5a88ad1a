import { useState } from 'react';
import type { Invoice } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Badge, Button, Card, ErrorMessage, Table } from '../../ui/ui.tsx';
import { useInvoiceSends, useSendInvoice, type InvoiceSend } from './api.ts';

const STATE: Record<InvoiceSend['state'], { tone: 'amber' | 'green' | 'red'; label: string }> = {
  queued: { tone: 'amber', label: 'Queued' },
  sent: { tone: 'green', label: 'Sent' },
  failed: { tone: 'red', label: 'Failed' },
};

/** The Send button of a posted document, confirming where it goes before anything leaves. */
export function SendInvoiceButton({ invoice }: { invoice: Invoice }) {
  const [open, setOpen] = useState(false);
  const sends = useInvoiceSends(invoice.id);
  const noun = invoice.kind === 'credit_note' ? 'credit note' : 'invoice';
  const again = (sends.data?.items.length ?? 0) > 0;
  return (
    <>
      <Button variant={again ? 'secondary' : 'primary'} onClick={() => setOpen(true)}>{again ? 'Send again' : 'Send by e-mail'}</Button>
      {open && <SendDialog invoice={invoice} noun={noun} again={again} onClose={() => setOpen(false)} />}
    </>
  );
}

function SendDialog({ invoice, noun, again, onClose }: { invoice: Invoice; noun: string; again: boolean; onClose: () => void }) {
  const send = useSendInvoice(invoice.id);
  return (
    <Dialog title={`${again ? 'Send again' : 'Send'} ${invoice.number}?`} onClose={onClose}>
      <p className="text-sm text-slate-700">
        The {noun} goes with its PDF to {invoice.customerSnapshot?.name ?? 'the customer'}'s billing e-mail (else its company's, else its e-mail), with your company's invoice mail text. {again && 'It was sent before: this sends it once more.'}
      </p>
      <div className="mt-3"><ErrorMessage error={send.error} /></div>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" autoFocus disabled={send.isPending} onClick={() => send.mutate(undefined, { onSuccess: onClose })}>{send.isPending ? 'Sending…' : 'Send'}</Button>
      </div>
    </Dialog>
  );
}

/** Where and when the document was mailed, and what became of each mail. */
export function InvoiceSends({ invoice }: { invoice: Invoice }) {
  const sends = useInvoiceSends(invoice.id);
  const items = sends.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title="Sent by e-mail" className="mt-6">
      <Table>
        <thead><tr><th>Sent</th><th>To</th><th>By</th><th>Delivery</th><th>Attempts</th><th>Mail server's reply</th></tr></thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td className="whitespace-nowrap">{formatDateTime(s.sentAt)}</td>
              <td>{s.toName} &lt;{s.toEmail}&gt;</td>
              <td>{s.sentBy?.name ?? 'System'}</td>
              <td><Badge tone={STATE[s.state].tone}>{STATE[s.state].label}</Badge>{s.state === 'queued' && s.attempts > 0 && <span className="ml-1 text-xs text-slate-500">retrying</span>}</td>
              <td className="tabular-nums">{s.attempts}</td>
              <td className="max-w-md truncate text-xs text-slate-600" title={s.lastResponse ?? undefined}>{s.lastResponse ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
