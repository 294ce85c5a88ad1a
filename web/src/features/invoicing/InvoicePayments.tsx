import { useState } from 'react';
import { compareAmounts } from '../../../../src/core/money.ts';
import { ApiError } from '../../app/http.ts';
import type { Invoice } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { displayAmount, today } from '../../ui/format.ts';
import { useToast } from '../../ui/toast.tsx';
import { Badge, Button, Card, ErrorMessage, Field, Input, Select, Table } from '../../ui/ui.tsx';
import { useInvoicePayments, useRegisterPayment, type PaymentInput } from './api.ts';
import { PaymentBadge } from './PaymentBadge.tsx';

const METHODS: Record<PaymentInput['method'], string> = { bank_transfer: 'Bank transfer', card: 'Card', cash: 'Cash', cheque: 'Cheque', other: 'Other' };

/** Whether `amount` is more than `due`, exactly and at any currency's decimals; false while it is no decimal. */
function exceeds(amount: string, due: string): boolean {
  return /^\d+(\.\d+)?$/.test(amount) && compareAmounts(amount, due) > 0;
}

/** R65: the amounts paid and due of a posted invoice, its payments, and Register payment for those who invoice. */
export function InvoicePayments({ invoice, canInvoice }: { invoice: Invoice; canInvoice: boolean }) {
  const payments = useInvoicePayments(invoice.id);
  const [open, setOpen] = useState(false);
  if (invoice.state !== 'posted' || invoice.kind !== 'invoice') return null;
  const items = payments.data?.items ?? [];
  const money = (amount: string | null) => (amount === null ? '—' : displayAmount(amount, invoice.currency));
  return (
    <Card
      title={<span className="flex items-center gap-2">Payments <PaymentBadge state={invoice.paymentState} /></span>}
      actions={canInvoice && <Button variant="primary" onClick={() => setOpen(true)}>Register payment</Button>}
      className="mt-6"
    >
      <dl aria-label="Payment figures" className="mb-3 flex flex-wrap gap-x-8 gap-y-1 text-sm">
        <div><dt className="text-slate-500">Total</dt><dd className="tabular-nums">{money(invoice.amountTotal)}</dd></div>
        <div><dt className="text-slate-500">Paid</dt><dd className="tabular-nums">{money(invoice.amountPaid)}</dd></div>
        {invoice.amountCredited !== '0.00' && <div><dt className="text-slate-500">Credited</dt><dd className="tabular-nums">{money(invoice.amountCredited)}</dd></div>}
        <div><dt className="text-slate-500">Amount due</dt><dd className="font-semibold tabular-nums">{money(invoice.amountDue)}</dd></div>
      </dl>
      {items.length === 0 ? <p className="text-sm text-slate-500">No payment registered yet.</p> : (
        <Table>
          <thead><tr><th>Date</th><th>Method</th><th>Reference</th><th>Registered by</th><th className="text-right!">Amount</th></tr></thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td className="tabular-nums">{p.paymentDate}</td>
                <td>{METHODS[p.method]}</td>
                <td>{p.reference || '—'}</td>
                <td>{p.createdBy?.name ?? 'System'}</td>
                <td className="text-right tabular-nums">{p.isOverpayment && <Badge tone="amber">Overpayment</Badge>} {money(p.amount)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {open && <RegisterPaymentDialog invoice={invoice} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function RegisterPaymentDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const register = useRegisterPayment(invoice.id);
  const toast = useToast();
  const due = invoice.amountDue ?? '0.00';
  const [form, setForm] = useState({ paymentDate: today(), amount: due.startsWith('-') ? '' : due, method: 'bank_transfer' as PaymentInput['method'], reference: '', overpayment: false });
  const over = exceeds(form.amount, due);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const fieldError = (path: string) => (register.error instanceof ApiError ? register.error.field(path) : undefined);
  return (
    <Dialog title={`Register a payment on ${invoice.number}`} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          register.mutate({ ...form, overpayment: over && form.overpayment }, {
            onSuccess: (payment) => {
              toast({ message: `Payment registered: ${displayAmount(payment.amount, invoice.currency)} on ${invoice.number}`, tone: 'success' });
              onClose();
            },
          });
        }}
      >
        <p className="text-sm text-slate-600">Amount due: <span className="font-semibold tabular-nums">{displayAmount(due, invoice.currency)}</span></p>
        <Field label="Payment date" error={fieldError('paymentDate')}><Input type="date" required value={form.paymentDate} onChange={(e) => set('paymentDate', e.target.value)} /></Field>
        <Field label="Amount" error={fieldError('amount')}><Input inputMode="decimal" required value={form.amount} onChange={(e) => set('amount', e.target.value.trim())} autoFocus /></Field>
        <Field label="Method" error={fieldError('method')}>
          <Select value={form.method} onChange={(e) => set('method', e.target.value as PaymentInput['method'])}>
            {Object.entries(METHODS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        <Field label="Reference" error={fieldError('reference')} hint="The bank statement's line, the cheque number…"><Input maxLength={200} value={form.reference} onChange={(e) => set('reference', e.target.value)} /></Field>
        {over && (
          <label className="flex items-start gap-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <input type="checkbox" checked={form.overpayment} onChange={(e) => set('overpayment', e.target.checked)} className="mt-0.5" />
            <span>This is more than the amount due: register it as an overpayment (the difference is owed back to the customer).</span>
          </label>
        )}
        {register.error && !(register.error instanceof ApiError && register.error.details.length > 0) && <ErrorMessage error={register.error} />}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={register.isPending || (over && !form.overpayment)}>{register.isPending ? 'Registering…' : 'Register payment'}</Button>
        </div>
      </form>
    </Dialog>
  );
}
