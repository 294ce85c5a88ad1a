import { Link } from 'react-router';
import { useSaleOrder } from '../sales/api.ts';

/** The number of a sales order, linked to it (the order is read once and cached). */
export function SaleOrderLink({ id }: { id: string | null }) {
  const order = useSaleOrder(id);
  if (!id) return <span className="text-slate-400">—</span>;
  return (
    <Link to={`/sales/${id}`} className="text-indigo-700 hover:underline">
      {order.data?.number ?? (order.isError ? `Order ${id}` : '…')}
    </Link>
  );
}
