import { useState } from 'react';
import type { SaleOrder } from '../../app/types.ts';
import { useToast } from '../../ui/toast.tsx';
import { Button, cx, ErrorMessage } from '../../ui/ui.tsx';
import { useCancelOrder, useConfirmOrder } from './api.ts';
import { CreateInvoiceForm } from './CreateInvoiceForm.tsx';

/**
 * Confirm and Cancel order (for those who sell), Create invoice (for those who invoice: offered
 * only when a line has something to invoice, R71), and where the order stands (Quotation → Sales order).
 */
export function OrderToolbar({ order, canSell, canInvoice }: { order: SaleOrder; canSell: boolean; canInvoice: boolean }) {
  const [panel, setPanel] = useState<'invoice' | 'cancel' | null>(null);
  const confirm = useConfirmOrder(order.id);
  const cancel = useCancelOrder(order.id);
  const toast = useToast();
  const open = (next: typeof panel) => {
    confirm.reset();
    cancel.reset();
    setPanel(panel === next ? null : next);
  };
  return (
    <div className="mb-4">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
        <div className="flex flex-wrap gap-2">
          {canSell && order.state === 'draft' && (
            <Button variant="primary" disabled={confirm.isPending || order.lines.length === 0} title={order.lines.length === 0 ? 'Add a line first' : undefined} onClick={() => confirm.mutate(undefined, { onSuccess: () => toast({ message: `Order ${order.number} confirmed` }) })}>
              {confirm.isPending ? 'Confirming…' : 'Confirm'}
            </Button>
          )}
          {canInvoice && order.state === 'confirmed' && (
            order.canCreateInvoice
              ? <Button variant="primary" aria-expanded={panel === 'invoice'} onClick={() => open('invoice')}>Create invoice</Button>
              : <Button disabled title={order.createInvoiceBlockedReason ?? undefined}>Nothing to invoice</Button>
          )}
          {canSell && order.state !== 'cancelled' && (
            <Button variant="danger" aria-expanded={panel === 'cancel'} disabled={!order.canCancel} title={order.cancelBlockedReason ?? undefined} onClick={() => open('cancel')}>Cancel order</Button>
          )}
        </div>
        <ol aria-label="Order state" className="flex items-center text-xs font-medium">
          {(order.state === 'cancelled' ? ['Quotation', 'Cancelled'] : ['Quotation', 'Sales order']).map((label, i, all) => {
            const current = i === all.length - 1 ? order.state !== 'draft' : order.state === 'draft';
            return (
              <li key={label} aria-current={current ? 'step' : undefined} className={cx('border border-slate-200 px-3 py-1', i === 0 ? 'rounded-l' : '-ml-px rounded-r', current ? 'bg-indigo-600 text-white' : 'bg-slate-50 text-slate-500')}>
                {label}
              </li>
            );
          })}
        </ol>
      </div>
      <div className="mt-2 space-y-2" aria-live="polite">
        <ErrorMessage error={confirm.error} />
        {panel === 'invoice' && order.canCreateInvoice && <CreateInvoiceForm order={order} onClose={() => setPanel(null)} />}
        {panel === 'cancel' && order.canCancel && (
          <div className="flex flex-wrap items-center gap-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <span>Cancel {order.number}? Its lines can no longer be linked to tickets, and this cannot be undone.</span>
            <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate(undefined, { onSuccess: () => { setPanel(null); toast({ message: `Order ${order.number} cancelled` }); } })}>Yes, cancel it</Button>
            <Button onClick={() => setPanel(null)}>Keep it</Button>
            {cancel.error != null && <div className="w-full"><ErrorMessage error={cancel.error} /></div>}
          </div>
        )}
      </div>
    </div>
  );
}
