import type { InvoiceStatus, SaleOrder } from '../../app/types.ts';
import { Badge } from '../../ui/ui.tsx';
import { statusLabels } from '../../ui/format.ts';

const stateLabels: Record<SaleOrder['state'], string> = { draft: 'Quotation', confirmed: 'Sales order', cancelled: 'Cancelled' };

export const orderKind = (state: SaleOrder['state']) => stateLabels[state];

export function OrderStateBadge({ state }: { state: SaleOrder['state'] }) {
  return <Badge tone={state === 'confirmed' ? 'green' : state === 'cancelled' ? 'red' : 'blue'}>{stateLabels[state]}</Badge>;
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const tone = status === 'to_invoice' ? 'amber' : status === 'invoiced' ? 'green' : status === 'upselling' ? 'indigo' : 'slate';
  return <Badge tone={tone}>{statusLabels[status] ?? status}</Badge>;
}
