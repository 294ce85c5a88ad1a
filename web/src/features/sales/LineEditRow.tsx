import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder, SaleOrderLine } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { displayDecimal, unitLabel } from '../../ui/format.ts';
import { Button, Input } from '../../ui/ui.tsx';
import { incrementFields as increments, incrementLabels, minutesText, minutesValue } from '../catalog/increments.ts';
import { ProductName } from '../catalog/ProductName.tsx';
import { TaxSelect } from '../catalog/TaxSelect.tsx';
import { useUpdateLine, type LineInput } from './api.ts';
import { LINE_COLUMNS } from './lineColumns.ts';
import { OrderedValue } from './OrderedValue.tsx';

const fields = ['description', 'quantity', 'unitPrice', 'qtyDelivered'] as const;
const errorFields = [...fields, 'taxId', 'billingStepMinutes', 'billingMinimumMinutes'];

/** Inline edit of a line's description, ordered quantity and price (and delivered, for a manual line of a sales order). */
export function LineEditRow({ line, order, onDone }: { line: SaleOrderLine; order: SaleOrder; onDone: () => void }) {
  const manualDelivered = line.invoicingPolicy === 'manual' && order.state === 'confirmed';
  const [draft, setDraft] = useState({ description: line.description, quantity: line.quantity, unitPrice: line.unitPrice, qtyDelivered: line.qtyDelivered });
  const [taxId, setTaxId] = useState(line.taxId ?? '');
  const billsTime = line.invoicingPolicy !== 'manual';
  const [billing, setBilling] = useState({ billingStepMinutes: minutesText(line.billingStepMinutes), billingMinimumMinutes: minutesText(line.billingMinimumMinutes) });
  const update = useUpdateLine(line.id);
  const error = update.error instanceof ApiError ? update.error : null;
  const formId = `line-edit-${line.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: LineInput = {};
    if (draft.description.trim() !== line.description) changes.description = draft.description.trim();
    if (draft.quantity.trim() !== line.quantity) changes.quantity = draft.quantity.trim();
    if (draft.unitPrice.trim() !== line.unitPrice) changes.unitPrice = draft.unitPrice.trim();
    if (manualDelivered && draft.qtyDelivered.trim() !== line.qtyDelivered) changes.qtyDelivered = draft.qtyDelivered.trim();
    if (taxId && taxId !== line.taxId) changes.taxId = taxId;
    for (const key of increments) {
      // R78: a changed step or minimum rebills the line's entries not invoiced yet.
      if (billsTime && billing[key].trim() !== minutesText(line[key])) changes[key] = minutesValue(billing[key]) as number | null;
    }
    if (Object.keys(changes).length === 0) return onDone();
    update.mutate(changes, { onSuccess: onDone });
  };
  const input = (key: (typeof fields)[number], label: string, className = 'w-24 text-right') => (
    <>
      <Input form={formId} aria-label={label} aria-invalid={Boolean(error?.field(key))} className={className} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      {error?.field(key) && <span role="alert" className="block text-xs text-red-700">{error.field(key)}</span>}
    </>
  );
  return (
    <>
      <tr className="bg-indigo-50/50 align-top">
        <td>
          <span className="block pb-1 font-medium"><ProductName id={line.productId} /></span>
          {input('description', 'Description', 'w-full min-w-40')}
          {billsTime && (
            <fieldset className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <legend className="sr-only">Billing increments</legend>
              {increments.map((key) => (
                <label key={key} className="flex items-center gap-1">
                  {incrementLabels[key].label}
                  <Input form={formId} inputMode="numeric" placeholder="none" aria-label={incrementLabels[key].ariaLabel} aria-invalid={Boolean(error?.field(key))} className="w-16 px-1! py-0.5! text-right"
                    value={billing[key]} onChange={(e) => setBilling({ ...billing, [key]: e.target.value })} />
                  min
                  {error?.field(key) && <span role="alert" className="text-red-700">{error.field(key)}</span>}
                </label>
              ))}
            </fieldset>
          )}
        </td>
        <td className="pt-3!">{unitLabel(line.unit, line.quantity)}</td>
        <td className="text-right">{input('quantity', 'Ordered quantity')}</td>
        <td className="text-right">{manualDelivered ? input('qtyDelivered', 'Delivered quantity') : <span className="block pt-1.5 tabular-nums">{line.qtyDelivered}</span>}</td>
        <td className="pt-3! text-right tabular-nums">{line.qtyInvoiced}</td>
        <td className="pt-3! text-right tabular-nums">{line.qtyToInvoice}</td>
        <td className="text-right">{input('unitPrice', 'Unit price')}</td>
        <td>
          <TaxSelect form={formId} aria-label="Tax" current={line.taxId} emptyLabel={`${line.taxRate}% (no tax record)`} value={taxId} onChange={(e) => setTaxId(e.target.value)} />
          {error?.field('taxId') && <span role="alert" className="block text-xs text-red-700">{error.field('taxId')}</span>}
        </td>
        <td className="pt-3! text-right tabular-nums"><OrderedValue line={line} /></td>
        <td className="pt-3! text-right tabular-nums">{displayDecimal(line.deliveredValue)}</td>
        <td className="pt-3! text-right tabular-nums">{displayDecimal(line.invoicedValue)}</td>
        <td className="pt-3! text-right tabular-nums">{displayDecimal(line.toInvoiceValue)}</td>
        <td />
        <td className="whitespace-nowrap text-right">
          <form id={formId} onSubmit={submit} aria-label={`Edit line ${line.description}`} className="flex justify-end gap-1">
            <Button type="submit" variant="primary" className="px-2! py-1!" disabled={update.isPending}>Save</Button>
            <Button className="px-2! py-1!" onClick={onDone}>Discard</Button>
          </form>
        </td>
      </tr>
      {update.error != null && (
        <tr><td colSpan={LINE_COLUMNS}><FormError error={update.error} fields={errorFields} /></td></tr>
      )}
    </>
  );
}
