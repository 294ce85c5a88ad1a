import { Link } from 'react-router';
import { Card, Empty, Table } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { displayAmount } from '../../ui/format.ts';
import { textLink } from '../../ui/links.ts';
import { invoiceTitle } from '../invoicing/labels.ts';
import { StateBadge } from '../invoicing/StateBadge.tsx';
import { useOrderInvoices } from './api.ts';

/** The invoices and credit notes made from this order. */
export function OrderInvoices({ orderId }: { orderId: string }) {
  const invoices = useOrderInvoices(orderId, true);
  return (
    <Card title="Invoices" className="mt-4">
      <div>
        <RefreshError query={invoices} />
        {!invoices.data ? <NoData query={invoices} /> : invoices.data.items.length === 0 ? (
          <Empty>No invoice yet. Use Create invoice once time is delivered.</Empty>
        ) : (
          <Table>
            <thead><tr><th>Number</th><th>State</th><th>Invoice date</th><th>Period</th><th className="text-right!">Total</th></tr></thead>
            <tbody>
              {invoices.data.items.map((inv) => (
                <tr key={inv.id}>
                  <td><Link className={textLink} to={`/invoices/${inv.id}`}>{invoiceTitle(inv)}</Link></td>
                  <td><StateBadge state={inv.state} /></td>
                  <td className="tabular-nums">{inv.invoiceDate ?? ''}</td>
                  <td className="tabular-nums">{inv.periodStart || inv.periodEnd ? `${inv.periodStart ?? '…'} → ${inv.periodEnd ?? '…'}` : ''}</td>
                  <td className="text-right tabular-nums">{displayAmount(inv.amountTotal, inv.currency)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </Card>
  );
}
