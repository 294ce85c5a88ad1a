import { compareQuantities } from '../../../../src/core/quantity.ts';
import type { SaleOrderLine } from '../../app/types.ts';
import { displayDecimal } from '../../ui/format.ts';

/** A line billed on time with nothing ordered up front has no ordered value: its values are what was delivered (R71). */
export const billedOnTimeOnly = (line: SaleOrderLine) => line.invoicingPolicy === 'timesheets' && compareQuantities(line.quantity, '0') === 0;

/** The ordered value (subtotal) of a line, or a dash with its explanation for a line billed on time only. */
export function OrderedValue({ line }: { line: SaleOrderLine }) {
  if (billedOnTimeOnly(line)) return <span className="text-slate-400" title="Billed on time: nothing ordered up front">—</span>;
  return <>{displayDecimal(line.subtotal)}</>;
}
