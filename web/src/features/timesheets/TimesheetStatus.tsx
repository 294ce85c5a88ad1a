import { Link } from 'react-router';
import type { Timesheet } from '../../app/types.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { Badge } from '../../ui/ui.tsx';

/** R13: Non-billable, Unlinked (waiting for a sales order), To invoice, or Invoiced with its invoice. */
export function TimesheetStatus({ entry }: { entry: Timesheet }) {
  const seesInvoices = usePermissions().can('invoicesRead');
  switch (entry.status) {
    case 'non_billable':
      return <Badge>Non-billable</Badge>;
    case 'unlinked':
      return <span title="Billable time waiting for a sales order: link the ticket to a Sales Order Item"><Badge tone="amber">Unlinked</Badge> <span className="text-xs text-amber-800">waiting for a sales order</span></span>;
    case 'to_invoice':
      return <Badge tone="blue">To invoice</Badge>;
    case 'invoiced':
      return (
        <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
          <Badge tone="green">Invoiced</Badge>
          {entry.invoiceId && (seesInvoices
            ? <Link to={`/invoices/${entry.invoiceId}`} className="text-xs text-indigo-700 hover:underline">{entry.invoiceNumber ?? 'draft'}</Link>
            : <span className="text-xs text-slate-600">{entry.invoiceNumber ?? 'draft'}</span>)}
        </span>
      );
  }
}

/** Why an invoiced entry cannot change (R15), in the user's words. */
export const invoicedReason = (entry: Timesheet) =>
  entry.invoiceNumber ? `On ${entry.invoiceNumber}: credit it to change it` : 'On a draft invoice: remove it from the invoice to change it';
