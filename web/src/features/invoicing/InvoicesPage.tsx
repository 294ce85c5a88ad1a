import { Link } from 'react-router';
import { Button, Empty, PageHeader, Table } from '../../ui/ui.tsx';
import { ExportLink } from '../../ui/ExportLink.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { displayAmount } from '../../ui/format.ts';
import { useInvoices } from './api.ts';
import { CustomerName } from './CustomerName.tsx';
import { InvoiceFilters, useInvoiceFilters } from './InvoiceFilters.tsx';
import { kindLabel } from './labels.ts';
import { PaymentBadge } from './PaymentBadge.tsx';
import { StateBadge } from './StateBadge.tsx';
import { StrandedDrafts } from './StrandedDrafts.tsx';

/** Invoices and credit notes, newest first, filtered by status, kind, payment state, customer and invoice date; their lines as CSV. */
export function InvoicesPage() {
  const [filters, setFilter] = useInvoiceFilters();
  const invoices = useInvoices(filters);
  const rows = invoices.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title="Invoices"
        subtitle="Invoices are created from confirmed sales orders; corrections are credit notes."
        actions={<ExportLink path="/exports/invoice-lines.csv" filters={{ ...filters, state: undefined }} label="Export lines (CSV)"
          disabled={filters.state === 'draft' ? 'Drafts are not exported: the file holds the lines of posted invoices and credit notes' : undefined} />}
      />
      <StrandedDrafts />
      <InvoiceFilters filters={filters} onChange={setFilter} />
      <RefreshError query={invoices} />
      {!invoices.data ? <NoData query={invoices} /> : rows.length === 0 ? (
        <Empty>No invoice matches these filters. Create one from a sales order with time to invoice.</Empty>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <th>Number</th><th>Kind</th><th>Customer</th><th>Invoice date</th><th>Due date</th><th>Status</th><th>Payment</th><th className="text-right!">Total</th><th className="text-right!">Amount due</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((invoice) => (
                <tr key={invoice.id} className="hover:bg-slate-50">
                  <td><Link to={`/invoices/${invoice.id}`} className="font-medium text-indigo-700 hover:underline">{invoice.number ?? 'Draft'}</Link></td>
                  <td>{kindLabel(invoice.kind)}</td>
                  <td><CustomerName invoice={invoice} /></td>
                  <td className="tabular-nums">{invoice.invoiceDate ?? '—'}</td>
                  <td className="tabular-nums">{invoice.dueDate ?? '—'}</td>
                  <td><StateBadge state={invoice.state} /></td>
                  <td><PaymentBadge state={invoice.paymentState} /></td>
                  <td className="text-right tabular-nums">{displayAmount(invoice.amountTotal, invoice.currency)}</td>
                  <td className="text-right tabular-nums">{invoice.amountDue === null ? '—' : displayAmount(invoice.amountDue, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {invoices.hasNextPage && (
            <div className="mt-3 text-center">
              <Button onClick={() => void invoices.fetchNextPage()} disabled={invoices.isFetchingNextPage}>{invoices.isFetchingNextPage ? 'Loading…' : 'Load more'}</Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
