import { Link, useParams } from 'react-router';
import { PageHeader } from '../../ui/ui.tsx';
import { RefreshError } from '../../ui/QueryState.tsx';
import { Unavailable, usePermissions } from '../../app/permissions.tsx';
import { InvoiceHistory } from '../audit/histories.tsx';
import { useInvoice } from './api.ts';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceLinesTable } from './InvoiceLinesTable.tsx';
import { InvoiceMeta } from './InvoiceMeta.tsx';
import { InvoiceParties } from './InvoiceParties.tsx';
import { InvoicePayments } from './InvoicePayments.tsx';
import { InvoiceSends } from './InvoiceSends.tsx';
import { invoiceTitle } from './labels.ts';
import { PostInvoiceForm } from './PostInvoiceForm.tsx';
import { PaymentBadge } from './PaymentBadge.tsx';
import { StateBadge } from './StateBadge.tsx';
import { TimeDetail } from './TimeDetail.tsx';

/** An invoice or credit note laid out like its PDF, with the time each line bills, and its actions. */
export function InvoicePage() {
  const { id = '' } = useParams();
  // Keyed: a dialog or a refusal of one invoice never shows on another.
  return <InvoiceView key={id} id={id} />;
}

function InvoiceView({ id }: { id: string }) {
  const invoice = useInvoice(id);
  const canInvoice = usePermissions().can('invoicesWrite');
  if (!invoice.data) return <Unavailable query={invoice} what="invoice" />;
  const doc = invoice.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm"><Link to="/invoices" className="text-indigo-700 hover:underline">Invoices</Link></nav>
      <PageHeader title={<span className="flex items-center gap-2">{invoiceTitle(doc)} <StateBadge state={doc.state} /> <PaymentBadge state={doc.paymentState} /></span>} actions={<InvoiceActions invoice={doc} canInvoice={canInvoice} />} />
      <RefreshError query={invoice} />
      {doc.state === 'draft' && (canInvoice ? <PostInvoiceForm invoice={doc} /> : (
        <p role="note" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">This is a draft: an accountant posts it or deletes it.</p>
      ))}
      <article aria-label={invoiceTitle(doc)} className="space-y-6 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <InvoiceParties invoice={doc} />
        <h2 className="text-lg font-semibold text-slate-900">{invoiceTitle(doc)}</h2>
        <InvoiceMeta invoice={doc} />
        <InvoiceLinesTable invoice={doc} canRemove={canInvoice} />
        <TimeDetail invoice={doc} />
      </article>
      <InvoicePayments invoice={doc} canInvoice={canInvoice} />
      {doc.state === 'posted' && <InvoiceSends invoice={doc} />}
      <InvoiceHistory invoice={doc} />
    </>
  );
}
