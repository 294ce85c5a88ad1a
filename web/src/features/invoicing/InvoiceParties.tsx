import type { Invoice } from '../../app/types.ts';
import { useCustomer } from '../partners/api.ts';
import { useCompany } from './api.ts';
import { PartyBlock, type Party } from './PartyBlock.tsx';

/**
 * Seller and customer. R43: a posted document shows both as they were at posting (its snapshots);
 * a draft shows the current company settings and the live customer.
 */
export function InvoiceParties({ invoice }: { invoice: Invoice }) {
  const company = useCompany();
  const live = useCustomer(invoice.customerSnapshot ? null : invoice.customerId);
  const seller: Party | undefined = invoice.companySnapshot ?? company.data;
  const customer: Party | undefined = invoice.customerSnapshot ?? (live.data ? { name: live.data.name, vatId: live.data.vatId, ...live.data.address } : undefined);
  return (
    <div className="grid grid-cols-2 gap-8">
      <PartyBlock label="From" party={seller} note={invoice.companySnapshot ? undefined : 'Current company settings; fixed when posted.'} />
      <div className="justify-self-end">
        <PartyBlock label="Bill to" party={customer} note={invoice.customerSnapshot ? undefined : 'Current details; fixed when posted.'} />
      </div>
    </div>
  );
}
