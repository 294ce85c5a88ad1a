import type { InvoiceSummary } from '../../app/types.ts';
import { useCustomer } from '../partners/api.ts';

/** The customer as posted (snapshot), or the live customer of a draft. */
export function CustomerName({ invoice }: { invoice: Pick<InvoiceSummary, 'customerId' | 'customerSnapshot'> }) {
  const live = useCustomer(invoice.customerSnapshot ? null : invoice.customerId);
  if (invoice.customerSnapshot) return <>{invoice.customerSnapshot.name}</>;
  return <>{live.data?.name ?? (live.isError ? 'Unknown customer' : '…')}</>;
}
