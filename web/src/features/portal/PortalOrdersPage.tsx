import { formatDay, displayQuantity as qty } from '../../ui/format.ts';
import { Pager, useCursorPages } from '../../ui/pager.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Card, cx, Empty, PageHeader, Table } from '../../ui/ui.tsx';
import { usePortalOrders } from './api.ts';
import type { PortalOrder } from './types.ts';

/** My orders: the confirmed orders, with what was ordered, delivered, invoiced and what remains of prepaid time. */
export function PortalOrdersPage() {
  const pages = useCursorPages('');
  const orders = usePortalOrders(pages.cursor);
  return (
    <>
      <PageHeader title="My orders" subtitle="Delivered time is the billable time logged on your tickets; prepaid hours show what remains." />
      <RefreshError query={orders} />
      {!orders.data ? <NoData query={orders} /> : orders.data.items.length === 0 ? <Empty>No confirmed order yet.</Empty> : (
        <div className="flex flex-col gap-4">
          {orders.data.items.map((order) => <OrderCard key={order.id} order={order} />)}
          <Pager pages={pages} nextCursor={orders.data.nextCursor} />
        </div>
      )}
    </>
  );
}

function OrderCard({ order }: { order: PortalOrder }) {
  const confirmed = order.confirmedAt ? formatDay(order.confirmedAt) : null;
  return (
    <Card title={<>Order {order.number} <span className="font-normal text-slate-500">· {order.customerName}{confirmed ? ` · confirmed ${confirmed}` : ''}</span></>}>
      <Table>
        <thead><tr><th>Item</th><th className="text-right!">Ordered</th><th className="text-right!">Delivered</th><th className="text-right!">Invoiced</th><th className="text-right!">Remaining</th></tr></thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.description}</td>
              <td className="text-right tabular-nums">{qty(l.quantity, l.unit)}</td>
              <td className="text-right tabular-nums">{qty(l.qtyDelivered, l.unit)}</td>
              <td className="text-right tabular-nums">{qty(l.qtyInvoiced, l.unit)}</td>
              <td className={cx('text-right tabular-nums', l.remaining?.startsWith('-') && 'font-semibold text-red-700')}>{l.remaining === null ? '—' : qty(l.remaining, l.unit)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
