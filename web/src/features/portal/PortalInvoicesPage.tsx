import { displayAmount } from '../../ui/format.ts';
import { secondaryLink } from '../../ui/links.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { Badge, PageHeader, Table } from '../../ui/ui.tsx';
import { PaymentBadge } from '../invoicing/PaymentBadge.tsx';
import { usePortalInvoices } from './api.ts';

/** My invoices: posted invoices and credit notes, newest first, each with what is still due (R65) and its PDF. */
export function PortalInvoicesPage() {
  const pages = useCursorPages('');
  const invoices = usePortalInvoices(pages.cursor);
  return (
    <>
      <PageHeader title="My invoices" subtitle="Invoices and credit notes; each PDF lists the time it bills." />
      <PagedList query={invoices} pages={pages} empty="No invoice yet.">
        {(items) => (
          <Table>
            <thead><tr><th>Number</th><th>Kind</th><th>Addressed to</th><th>Invoice date</th><th>Due date</th><th className="text-right!">Total</th><th className="text-right!">Amount due</th><th>Payment</th><th><span className="sr-only">PDF</span></th></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td className="font-medium tabular-nums">{i.number}</td>
                  <td>{i.kind === 'credit_note' ? <Badge tone="amber">Credit note</Badge> : 'Invoice'}</td>
                  <td>{i.customerName}</td>
                  <td className="tabular-nums">{i.invoiceDate}</td>
                  <td className="tabular-nums">{i.dueDate ?? '—'}</td>
                  <td className="text-right tabular-nums">{displayAmount(i.amountTotal, i.currency)}</td>
                  <td className="text-right tabular-nums">{i.amountDue === null ? '—' : displayAmount(i.amountDue, i.currency)}</td>
                  <td><PaymentBadge state={i.paymentState} /></td>
                  <td className="text-right">
                    <a href={`/api/v1/portal/invoices/${i.id}/pdf`} download={`${i.number.replaceAll('/', '-')}.pdf`} aria-label={`Download ${i.number} (PDF)`} className={secondaryLink}>PDF</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
