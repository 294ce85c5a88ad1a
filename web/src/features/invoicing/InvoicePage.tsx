import { Link, useParams } from 'react-router';
import { PageHeader } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { useInvoice } from './api.ts';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceLinesTable } from './InvoiceLinesTable.tsx';
import { InvoiceMeta } from './InvoiceMeta.tsx';
import { InvoiceParties } from './InvoiceParties.tsx';
import { invoiceTitle } from './labels.ts';
import { PostInvoiceForm } from './PostInvoiceForm.tsx';
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
  if (!invoice.data) return <NoData query={invoice} />;
  const doc = invoice.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm"><Link to="/invoices" className="text-indigo-700 hover:underline">Invoices</Link></nav>
      <PageHeader title={<span className="flex items-center gap-2">{invoiceTitle(doc)} <StateBadge state={doc.state} /></span>} actions={<InvoiceActions invoice={doc} />} />
      <RefreshError query={invoice} />
      {doc.state === 'draft' && <PostInvoiceForm invoice={doc} />}
      <article aria-label={invoiceTitle(doc)} className="space-y-6 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <InvoiceParties invoice={doc} />
        <h2 className="text-lg font-semibold text-slate-900">{invoiceTitle(doc)}</h2>
        <InvoiceMeta invoice={doc} />
        <InvoiceLinesTable invoice={doc} />
        <TimeDetail invoice={doc} />
      </article>
    </>
  );
}
