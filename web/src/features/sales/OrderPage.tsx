import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Unavailable, usePermissions } from '../../app/permissions.tsx';
import { Card, PageHeader } from '../../ui/ui.tsx';
import { RefreshError } from '../../ui/QueryState.tsx';
import { OrderHistory } from '../audit/histories.tsx';
import { textLink } from '../../ui/links.ts';
import { AddLineForm } from './AddLineForm.tsx';
import { useSaleOrder } from './api.ts';
import { InvoiceStatusBadge, orderKind, OrderStateBadge } from './badges.tsx';
import { OrderAccountManager } from './OrderAccountManager.tsx';
import { OrderBillingRoutes } from './OrderBillingRoutes.tsx';
import { OrderCustomer } from './OrderCustomer.tsx';
import { OrderInvoices } from './OrderInvoices.tsx';
import { OrderLines } from './OrderLines.tsx';
import { OrderTimesheets } from './OrderTimesheets.tsx';
import { OrderToolbar } from './OrderToolbar.tsx';
import { SmartButtons, type RelatedPanel } from './SmartButtons.tsx';

/** A quotation or sales order: customer, lines with delivered / invoiced / to invoice, actions, related records. */
export function OrderPage() {
  const { id = '' } = useParams();
  // Keyed: drafts, open panels and errors of one order never show on another.
  return <OrderView key={id} id={id} />;
}

function OrderView({ id }: { id: string }) {
  const order = useSaleOrder(id);
  const { can } = usePermissions();
  const [panels, setPanels] = useState<ReadonlySet<RelatedPanel>>(new Set());
  const toggle = (panel: RelatedPanel) => setPanels((open) => new Set([...open].filter((p) => p !== panel).concat(open.has(panel) ? [] : [panel])));
  if (!order.data) return <Unavailable query={order} what="order" />;
  const o = order.data;
  const editable = can('ordersWrite') && o.state !== 'cancelled';
  return (
    <>
      <PageHeader
        title={<span className="flex items-center gap-2">{orderKind(o.state)} {o.number} <OrderStateBadge state={o.state} /></span>}
        subtitle={<><Link className={textLink} to="/sales">Sales</Link> · created {o.createdAt.slice(0, 10)}{o.confirmedAt && <> · confirmed {o.confirmedAt.slice(0, 10)}</>}</>}
      />
      <RefreshError query={order} />
      <OrderToolbar order={o} canSell={can('ordersWrite')} canInvoice={can('invoicesWrite')} />
      <Card>
        <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
          <div className="flex flex-wrap items-start gap-8">
            <OrderCustomer order={o} editable={editable} />
            <OrderAccountManager order={o} editable={editable} />
            <div className="text-sm">
              <div className="font-medium text-slate-700">Invoice status</div>
              <div className="mt-1"><InvoiceStatusBadge status={o.invoiceStatus} /></div>
            </div>
          </div>
          <SmartButtons orderId={o.id} canInvoice={can('invoicesRead')} open={panels} onToggle={toggle} />
        </div>
        <OrderLines order={o} editable={editable} />
        {editable && <AddLineForm order={o} canCreateProduct={can('setup')} />}
      </Card>
      {o.state !== 'draft' && <OrderBillingRoutes order={o} editable={can('orderRoutesWrite') && o.state !== 'cancelled'} />}
      {panels.has('timesheets') && <OrderTimesheets order={o} />}
      {panels.has('invoices') && <OrderInvoices orderId={o.id} />}
      <OrderHistory order={o} />
    </>
  );
}
