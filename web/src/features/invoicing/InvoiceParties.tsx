import type { Invoice } from '../../app/types.ts';
import { useCustomer } from '../partners/api.ts';
import { useCompany } from './api.ts';
import { PartyBlock, type Party } from './PartyBlock.tsx';

/** Company (from the settings) and customer (the posted snapshot, or the live customer of a draft). */
export function InvoiceParties({ invoice }: { invoice: Invoice }) {
  const company = useCompany();
  const live = useCustomer(invoice.customerSnapshot ? null : invoice.customerId);
  const customer: Party | undefined = invoice.customerSnapshot ?? (live.data ? { name: live.data.name, vatId: live.data.vatId, ...live.data.address } : undefined);
  return (
    <div className="grid grid-cols-2 gap-8">
      <PartyBlock label="From" party={company.data} />
      <div className="justify-self-end">
        <PartyBlock label="Bill to" party={customer} note={invoice.customerSnapshot ? undefined : 'Current details; fixed when posted.'} />
      </div>
    </div>
  );
}
