import { useState } from 'react';
import type { SaleOrder, SaleOrderLine } from '../../app/types.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { displayDecimal, displayMinutes, unitLabel } from '../../ui/format.ts';
import { Button } from '../../ui/ui.tsx';
import { RemainingBadge } from '../../ui/RemainingBadge.tsx';
import { useProduct } from '../catalog/api.ts';
import { incrementsWords } from '../catalog/increments.ts';
import { shortTaxLabel, taxLabel } from '../catalog/TaxSelect.tsx';
import { useDeleteLine } from './api.ts';
import { InvoiceStatusBadge } from './badges.tsx';
import { LineEditRow } from './LineEditRow.tsx';
import { OrderedValue } from './OrderedValue.tsx';

const isTime = (line: SaleOrderLine) => line.invoicingPolicy !== 'manual' && line.unit !== 'unit';
const num = 'text-right tabular-nums';

/** R78: a line's billing increments in words ("Billed per entry: 15-min step, 30-min minimum"), or null without any. */
export function incrementsText(line: SaleOrderLine): string | null {
  const words = incrementsWords(line);
  return words ? `Billed per entry: ${words}` : null;
}

/** The line's product, and its description below when it says something else than the product's name. */
function LineTitle({ line }: { line: SaleOrderLine }) {
  const product = useProduct(line.productId);
  const name = product.data?.name ?? '…';
  return (
    <>
      <span className="block font-medium">{name}</span>
      {line.description !== name && <span className="block text-slate-600">{line.description}</span>}
    </>
  );
}

/**
 * One order line with its quantities and their values (R71); Edit turns it into inputs. Delete is
 * offered only when the line can be deleted (else disabled, saying why) and asks first.
 */
export function OrderLineRow({ line, order, editable }: { line: SaleOrderLine; order: SaleOrder; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteLine(line.id);
  if (editing) return <LineEditRow line={line} order={order} onDone={() => setEditing(false)} />;
  const deleteReason = line.deleteBlockedReason ?? undefined;
  return (
    <>
      <tr className="hover:bg-slate-50">
        <td className="min-w-36">
          <LineTitle line={line} />
          {incrementsText(line) && <span className="block text-xs text-slate-500">{incrementsText(line)}</span>}
        </td>
        <td>{unitLabel(line.unit, line.quantity)}</td>
        <td className={num}>{line.quantity}</td>
        <td className={num}>
          {line.qtyDelivered}
          {isTime(line) && <span className="ml-1 text-xs text-slate-500" title="Time delivered (h:mm)">({displayMinutes(line.deliveredMinutes)})</span>}
          {line.remaining !== null && <div><RemainingBadge remaining={line.remaining} unit={line.unit} /></div>}
        </td>
        <td className={num}>{line.qtyInvoiced}</td>
        <td className={`${num} ${line.invoiceStatus === 'to_invoice' ? 'font-semibold text-amber-800' : ''}`}>{line.qtyToInvoice}</td>
        <td className={num}>{displayDecimal(line.unitPrice)}</td>
        <td className="whitespace-nowrap" title={taxLabel(line)}>{shortTaxLabel(line)}</td>
        <td className={num}><OrderedValue line={line} /></td>
        <td className={num}>{displayDecimal(line.deliveredValue)}</td>
        <td className={num}>{displayDecimal(line.invoicedValue)}</td>
        <td className={`${num} ${line.invoiceStatus === 'to_invoice' ? 'font-semibold text-amber-800' : ''}`}>{displayDecimal(line.toInvoiceValue)}</td>
        <td><InvoiceStatusBadge status={line.invoiceStatus} /></td>
        <td className="whitespace-nowrap text-right">
          {editable && (
            <>
              <Button variant="ghost" className="px-2! py-0.5! shadow-none!" aria-label={`Edit line ${line.description}`} onClick={() => { remove.reset(); setEditing(true); }}>Edit</Button>
              <Button variant="ghost" className="px-2! py-0.5! text-red-700! shadow-none! disabled:text-slate-400!" aria-label={`Delete line ${line.description}`} title={deleteReason} disabled={!line.canDelete} onClick={() => { remove.reset(); setConfirming(true); }}>Delete</Button>
            </>
          )}
        </td>
      </tr>
      {confirming && (
        <ConfirmDialog
          title="Delete this line?"
          confirmLabel="Delete line"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        >
          <p>{line.description} ({unitLabel(line.unit, line.quantity)}, {displayDecimal(line.unitPrice)} each) leaves {order.number}. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
