import type { InvoiceSummary } from '../../app/types.ts';

/** "Invoice INV/2026/00001", "Credit note RINV/2026/00001", "Draft invoice", "Draft credit note" (as on the PDF). */
export function invoiceTitle(invoice: Pick<InvoiceSummary, 'kind' | 'number'>): string {
  const noun = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  return invoice.number ? `${noun} ${invoice.number}` : `Draft ${noun.toLowerCase()}`;
}

export const kindLabel = (kind: InvoiceSummary['kind']) => (kind === 'credit_note' ? 'Credit note' : 'Invoice');
