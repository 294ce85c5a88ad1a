import type { SaleOrder } from '../../app/types.ts';
import { Empty, Table } from '../../ui/ui.tsx';
import { displayAmount } from '../../ui/format.ts';
import { OrderLineRow } from './OrderLineRow.tsx';

/** The order lines with their quantities as the server computed them, and the totals. */
export function OrderLines({ order, editable }: { order: SaleOrder; editable: boolean }) {
  if (order.lines.length === 0) return <Empty>No line yet. Add a product below: its price is the rate billed.</Empty>;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <th scope="col">Product</th><th scope="col">Description</th><th scope="col">Unit</th>
            <th scope="col" className="text-right!">Ordered</th><th scope="col" className="text-right!">Delivered</th>
            <th scope="col" className="text-right!">Invoiced</th><th scope="col" className="text-right!">To invoice</th>
            <th scope="col" className="text-right!">Unit price</th><th scope="col">Tax</th><th scope="col" className="text-right!">Subtotal</th>
            <th scope="col">Invoice status</th><th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => <OrderLineRow key={line.id} line={line} order={order} editable={editable} />)}
        </tbody>
      </Table>
      <dl className="mt-3 ml-auto grid w-72 grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Totals">
        <dt className="text-slate-600">Untaxed amount</dt><dd className="text-right tabular-nums">{displayAmount(order.amountUntaxed, order.currency)}</dd>
        <dt className="text-slate-600">Tax</dt><dd className="text-right tabular-nums">{displayAmount(order.amountTax, order.currency)}</dd>
        <dt className="border-t border-slate-200 pt-1 font-semibold">Total</dt>
        <dd className="border-t border-slate-200 pt-1 text-right font-semibold tabular-nums">{displayAmount(order.amountTotal, order.currency)}</dd>
      </dl>
    </>
  );
}
