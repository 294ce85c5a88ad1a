import { useState } from 'react';
import type { SaleOrder, SaleOrderLine } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { displayDecimal, displayMinutes, unitLabel } from '../../ui/format.ts';
import { Button } from '../../ui/ui.tsx';
import { ProductName } from '../catalog/ProductName.tsx';
import { taxLabel } from '../catalog/TaxSelect.tsx';
import { useDeleteLine } from './api.ts';
import { InvoiceStatusBadge } from './badges.tsx';
import { LineEditRow } from './LineEditRow.tsx';
import { LINE_COLUMNS } from './lineColumns.ts';

const isTime = (line: SaleOrderLine) => line.invoicingPolicy !== 'manual' && line.unit !== 'unit';
const num = 'text-right tabular-nums';

/** One order line; Edit turns it into inputs, Delete removes it (refusals show under the line). */
export function OrderLineRow({ line, order, editable }: { line: SaleOrderLine; order: SaleOrder; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteLine(line.id);
  if (editing) return <LineEditRow line={line} order={order} onDone={() => setEditing(false)} />;
  return (
    <>
      <tr className="hover:bg-slate-50">
        <td><ProductName id={line.productId} /></td>
        <td>{line.description}</td>
        <td>{unitLabel(line.unit, line.quantity)}</td>
        <td className={num}>{line.quantity}</td>
        <td className={num}>
          {line.qtyDelivered}
          {isTime(line) && <span className="ml-1 text-xs text-slate-500" title="Time delivered (h:mm)">({displayMinutes(line.deliveredMinutes)})</span>}
        </td>
        <td className={num}>{line.qtyInvoiced}</td>
        <td className={`${num} ${line.invoiceStatus === 'to_invoice' ? 'font-semibold text-amber-800' : ''}`}>{line.qtyToInvoice}</td>
        <td className={num}>{displayDecimal(line.unitPrice)}</td>
        <td className="whitespace-nowrap">{taxLabel(line)}</td>
        <td className={num}>{displayDecimal(line.subtotal)}</td>
        <td><InvoiceStatusBadge status={line.invoiceStatus} /></td>
        <td className="whitespace-nowrap text-right">
          {editable && (
            <>
              <Button variant="ghost" className="px-2! py-0.5! shadow-none!" aria-label={`Edit line ${line.description}`} onClick={() => { remove.reset(); setEditing(true); }}>Edit</Button>
              <Button variant="ghost" className="px-2! py-0.5! text-red-700! shadow-none!" aria-label={`Delete line ${line.description}`} disabled={remove.isPending} onClick={() => remove.mutate()}>Delete</Button>
            </>
          )}
        </td>
      </tr>
      {remove.error != null && (
        <tr><td colSpan={LINE_COLUMNS}><FormError error={remove.error} fields={[]} /></td></tr>
      )}
    </>
  );
}
