import type { SaleOrder } from '../../app/types.ts';
import { Empty, Table } from '../../ui/ui.tsx';
import { displayAmount } from '../../ui/format.ts';
import { OrderLineRow } from './OrderLineRow.tsx';
import { billedOnTimeOnly } from './OrderedValue.tsx';

const numHead = 'text-right!';

/**
 * The order lines with their quantities and values (R71) as the server computed them, and the
 * totals: delivered, invoiced and to invoice; the ordered amount only when something was ordered.
 */
export function OrderLines({ order, editable }: { order: SaleOrder; editable: boolean }) {
  if (order.lines.length === 0) return <Empty>No line yet. Add a product below: its price is the rate billed.</Empty>;
  return (
    <>
      <Table compact>
        <thead>
          <tr>
            <th scope="col">Product and description</th><th scope="col">Unit</th>
            <th scope="col" className={numHead}>Ordered</th><th scope="col" className={numHead}>Delivered</th>
            <th scope="col" className={numHead}>Invoiced</th><th scope="col" className={numHead}>To invoice</th>
            <th scope="col" className={numHead}>Unit price</th><th scope="col">Tax</th>
            <th scope="col" className={numHead} title="Ordered quantity × unit price, excluding tax">Subtotal</th>
            <th scope="col" className={numHead} title="Delivered quantity × unit price, excluding tax">Delivered value</th>
            <th scope="col" className={numHead} title="Invoiced quantity × unit price, excluding tax">Invoiced value</th>
            <th scope="col" className={numHead} title="Quantity to invoice × unit price, excluding tax">To invoice value</th>
            <th scope="col">Invoice status</th><th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => <OrderLineRow key={line.id} line={line} order={order} editable={editable} />)}
        </tbody>
      </Table>
      <div className="mt-3 flex flex-wrap justify-end gap-8">
        <dl className="grid w-72 grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Values">
          <dt className="text-slate-600">Delivered</dt><dd className="text-right tabular-nums">{displayAmount(order.amountDelivered, order.currency)}</dd>
          <dt className="text-slate-600">Invoiced</dt><dd className="text-right tabular-nums">{displayAmount(order.amountInvoiced, order.currency)}</dd>
          <dt className="border-t border-slate-200 pt-1 font-semibold">To invoice</dt>
          <dd className="border-t border-slate-200 pt-1 text-right font-semibold tabular-nums">{displayAmount(order.amountToInvoice, order.currency)}</dd>
          <dd className="col-span-2 text-xs text-slate-500">Excluding tax; the invoice adds it.</dd>
        </dl>
        {order.lines.every(billedOnTimeOnly) ? null : (
          <dl className="grid w-72 grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Ordered">
            <dt className="text-slate-600">Ordered, untaxed</dt><dd className="text-right tabular-nums">{displayAmount(order.amountUntaxed, order.currency)}</dd>
            <dt className="text-slate-600">Tax</dt><dd className="text-right tabular-nums">{displayAmount(order.amountTax, order.currency)}</dd>
            <dt className="border-t border-slate-200 pt-1 font-semibold">Ordered total</dt>
            <dd className="border-t border-slate-200 pt-1 text-right font-semibold tabular-nums">{displayAmount(order.amountTotal, order.currency)}</dd>
          </dl>
        )}
      </div>
    </>
  );
}
