import { Field, Input, Select } from '../../ui/ui.tsx';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import type { InvoiceFilters as Filters } from './api.ts';
import { PAYMENT_STATES } from './PaymentBadge.tsx';

const KEYS = ['state', 'kind', 'customerId', 'dateFrom', 'dateTo', 'payment'] as const;
const PAYMENTS = ['not_paid', 'partially_paid', 'paid', 'overdue'] as const;

/** The list filters live in the address (?state=&kind=&customerId=&dateFrom=&dateTo=&payment=) so a filtered list can be linked. */
export function useInvoiceFilters(): [Filters, (key: (typeof KEYS)[number], value: string) => void] {
  const { values, set } = useFilterParams(KEYS);
  return [{ state: values.state || undefined, kind: values.kind || undefined, customerId: values.customerId || undefined, dateFrom: values.dateFrom || undefined, dateTo: values.dateTo || undefined,
    payment: PAYMENTS.find((p) => p === values.payment) }, set];
}

export function InvoiceFilters({ filters, onChange }: { filters: Filters; onChange: (key: (typeof KEYS)[number], value: string) => void }) {
  return (
    <div role="search" aria-label="Filter invoices" className="mb-3 flex flex-wrap items-end gap-3">
      <Field label="Status">
        <Select value={filters.state ?? ''} onChange={(e) => onChange('state', e.target.value)}>
          <option value="">Draft and posted</option>
          <option value="draft">Draft</option>
          <option value="posted">Posted</option>
        </Select>
      </Field>
      <Field label="Kind">
        <Select value={filters.kind ?? ''} onChange={(e) => onChange('kind', e.target.value)}>
          <option value="">Invoices and credit notes</option>
          <option value="invoice">Invoices</option>
          <option value="credit_note">Credit notes</option>
        </Select>
      </Field>
      <Field label="Payment">
        <Select value={filters.payment ?? ''} onChange={(e) => onChange('payment', e.target.value)}>
          <option value="">Any payment state</option>
          {PAYMENTS.map((p) => <option key={p} value={p}>{PAYMENT_STATES[p].label}</option>)}
        </Select>
      </Field>
      <Field label="Customer">
        <CustomerSelect value={filters.customerId ?? ''} onChange={(id) => onChange('customerId', id)} placeholder="All customers" className="min-w-56" />
      </Field>
      <Field label="Invoice date from">
        <Input type="date" value={filters.dateFrom ?? ''} max={filters.dateTo} onChange={(e) => onChange('dateFrom', e.target.value)} />
      </Field>
      <Field label="to">
        <Input type="date" value={filters.dateTo ?? ''} min={filters.dateFrom} onChange={(e) => onChange('dateTo', e.target.value)} />
      </Field>
    </div>
  );
}
