import { compareQuantities } from '../../../../src/core/quantity.ts';
import type { SaleOrder, SaleOrderLine } from '../../app/types.ts';
import { displayDecimal } from '../../ui/format.ts';

/** A line billed on time with nothing ordered up front has no ordered value: its values are what was delivered (R71). */
export const billedOnTimeOnly = (line: SaleOrderLine) => line.invoicingPolicy === 'timesheets' && compareQuantities(line.quantity, '0') === 0;

/** Whether Create invoice has something to bill: a confirmed order with a line whose quantity to invoice is above 0 (R71). */
export const hasSomethingToInvoice = (order: SaleOrder) => order.state === 'confirmed' && order.lines.some((l) => compareQuantities(l.qtyToInvoice, '0') > 0);

/** The ordered value (subtotal) of a line, or a dash with its explanation for a line billed on time only. */
export function OrderedValue({ line }: { line: SaleOrderLine }) {
  if (billedOnTimeOnly(line)) return <span className="text-slate-400" title="Billed on time: nothing ordered up front">—</span>;
  return <>{displayDecimal(line.subtotal)}</>;
}
