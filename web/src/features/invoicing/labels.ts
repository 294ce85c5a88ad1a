import type { InvoiceSummary } from '../../app/types.ts';
import { unitLabel } from '../../ui/format.ts';

/** "Invoice INV/2026/00001", "Credit note RINV/2026/00001", "Draft invoice", "Draft credit note" (as on the PDF). */
export function invoiceTitle(invoice: Pick<InvoiceSummary, 'kind' | 'number'>): string {
  const noun = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  return invoice.number ? `${noun} ${invoice.number}` : `Draft ${noun.toLowerCase()}`;
}

export const kindLabel = (kind: InvoiceSummary['kind']) => (kind === 'credit_note' ? 'Credit note' : 'Invoice');

/** A quantity with its unit, as the server wrote it: "0.67 h", "2.00 days". */
export const quantityLabel = (quantity: string, unit: string) => `${quantity} ${unitLabel(unit, quantity)}`;

/** "21.0000" or "21.00" → "21%". */
export const taxLabel = (rate: string) => `${rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate}%`;
