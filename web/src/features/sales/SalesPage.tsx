import { Link } from 'react-router';
import { Field, Input, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { displayAmount } from '../../ui/format.ts';
import { primaryLink, textLink } from '../../ui/links.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { CustomerName, CustomerSelect } from '../partners/CustomerSelect.tsx';
import { usePermissions } from '../../app/permissions.tsx';
import { useSaleOrders } from './api.ts';
import { InvoiceStatusBadge, OrderStateBadge } from './badges.tsx';

/** Quotations and sales orders, newest first. */
export function SalesPage() {
  const { values, set } = useFilterParams(['state', 'customerId', 'q'] as const);
  const q = useDebounced(values.q);
  const pages = useCursorPages(`${values.state}|${values.customerId}|${q}`);
  const list = useSaleOrders({ state: values.state, customerId: values.customerId, q, cursor: pages.cursor });
  const filtered = Boolean(values.state || values.customerId || values.q);
  const canSell = usePermissions().can('ordersWrite');
  return (
    <>
      <PageHeader title="Sales" subtitle="Quotations and sales orders" actions={canSell && <Link to={`/sales/new${values.customerId ? `?customerId=${values.customerId}` : ''}`} className={primaryLink}>New quotation</Link>} />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <Field label="Number"><Input type="search" placeholder="S000…" value={values.q} onChange={(e) => set('q', e.target.value)} /></Field>
        <Field label="State">
          <Select value={values.state} onChange={(e) => set('state', e.target.value)}>
            <option value="">All</option>
            <option value="draft">Quotations</option>
            <option value="confirmed">Sales orders</option>
            <option value="cancelled">Cancelled</option>
          </Select>
        </Field>
        <Field label="Customer">
          <CustomerSelect value={values.customerId} onChange={(id) => set('customerId', id)} placeholder="All customers" />
        </Field>
      </div>
      <PagedList query={list} pages={pages} empty={filtered ? 'No order matches these filters.' : canSell ? 'No quotation yet. Create one to sell support time.' : 'No quotation yet.'}>
        {(items) => (
          <Table>
            <thead><tr><th>Number</th><th>Customer</th><th>Account manager</th><th>Created</th><th>State</th><th>Invoice status</th><th className="text-right!">Total</th></tr></thead>
            <tbody>
              {items.map((order) => (
                <tr key={order.id} className="hover:bg-slate-50">
                  <td><Link className={`font-medium ${textLink}`} to={`/sales/${order.id}`}>{order.number}</Link></td>
                  <td><CustomerName id={order.customerId} /></td>
                  <td className={order.accountManager?.active ? undefined : 'text-slate-500'}>{order.accountManager ? `${order.accountManager.name}${order.accountManager.active ? '' : ' (inactive)'}` : '—'}</td>
                  <td className="tabular-nums">{order.createdAt.slice(0, 10)}</td>
                  <td><OrderStateBadge state={order.state} /></td>
                  <td><InvoiceStatusBadge status={order.invoiceStatus} /></td>
                  <td className="text-right tabular-nums">{displayAmount(order.amountTotal, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
