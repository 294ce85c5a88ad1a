import type { Invoice } from '../../app/types.ts';
import { ErrorMessage, Table } from '../../ui/ui.tsx';
import { displayAmount, displayPercent, displayQuantity } from '../../ui/format.ts';
import { useDeleteInvoiceLine } from './api.ts';

/** The lines and the totals, as the server computed them, then the legal mention the lines call for (R66). A draft's lines can be removed (×) by those who invoice. */
export function InvoiceLinesTable({ invoice, canRemove }: { invoice: Invoice; canRemove: boolean }) {
  const removeLine = useDeleteInvoiceLine(invoice.id);
  const removable = invoice.state === 'draft' && canRemove;
  const money = (amount: string) => displayAmount(amount, invoice.currency);
  const totalRow = (label: string, amount: string, strong = false) => (
    <tr className={strong ? 'font-semibold text-slate-900' : 'text-slate-700'}>
      <td colSpan={4} className="border-none! text-right">{label}</td>
      <td className="text-right tabular-nums">{money(amount)}</td>
      {removable && <td className="border-none!" />}
    </tr>
  );
  return (
    <div className="space-y-2">
      <ErrorMessage error={removeLine.error} />
      <Table>
        <thead>
          <tr>
            <th>Description</th><th className="text-right!">Quantity</th><th className="text-right!">Unit price</th><th className="text-right!">Tax</th><th className="text-right!">Amount</th>
            {removable && <th className="w-8"><span className="sr-only">Remove</span></th>}
          </tr>
        </thead>
        <tbody>
          {invoice.lines.length === 0 && (
            <tr><td colSpan={removable ? 6 : 5} className="py-4 text-center text-slate-500">No lines left{canRemove ? '. Delete this draft; its time is already to invoice again.' : '.'}</td></tr>
          )}
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <td className="whitespace-pre-line">{line.description}</td>
              <td className="text-right whitespace-nowrap tabular-nums">{displayQuantity(line.quantity, line.unit)}</td>
              <td className="text-right tabular-nums">{money(line.unitPrice)}</td>
              <td className="text-right tabular-nums">
                {displayPercent(line.taxRate)}
                {line.taxName && <span className="block text-xs text-slate-500">{line.taxName}</span>}
              </td>
              <td className="text-right tabular-nums">{money(line.subtotal)}</td>
              {removable && (
                <td className="text-center">
                  <button type="button" aria-label={`Remove line ${line.description}`} title="Remove this line (its time is released)" disabled={removeLine.isPending}
                    onClick={() => removeLine.mutate(line.id)} className="rounded px-1.5 text-base leading-none text-slate-500 hover:bg-red-50 hover:text-red-700">×</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {totalRow('Untaxed amount', invoice.amountUntaxed)}
          {totalRow('Tax', invoice.amountTax)}
          {totalRow('Total', invoice.amountTotal, true)}
        </tfoot>
      </Table>
      {invoice.taxMention && <p role="note" aria-label="Tax mention" className="text-right text-sm font-semibold text-slate-900">{invoice.taxMention}</p>}
    </div>
  );
}
