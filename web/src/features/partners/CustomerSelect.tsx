import type { SelectHTMLAttributes } from 'react';
import type { Customer } from '../../app/types.ts';
import { Select } from '../../ui/ui.tsx';
import { useCustomer, useCustomerList } from './api.ts';

/** "Jane Doe (Acme)" for a contact of a company, else the name. */
export function customerLabel(customer: Customer, byId: Map<string, Customer>): string {
  const company = customer.companyId ? byId.get(customer.companyId) : undefined;
  return company ? `${customer.name} (${company.name})` : customer.name;
}

/** A customer's name, wherever only its id is known. */
export function CustomerName({ id }: { id: string | null | undefined }) {
  const customer = useCustomer(id);
  if (!id) return <span className="text-slate-400">—</span>;
  return <>{customer.data?.name ?? '…'}</>;
}

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & { value: string; onChange: (id: string) => void; placeholder?: string };

/** A select of every customer, companies and their contacts. Wrap it in a Field for its label. */
export function CustomerSelect({ value, onChange, placeholder = 'Choose a customer…', ...props }: Props) {
  const list = useCustomerList();
  const customers = list.data?.items ?? [];
  const byId = new Map(customers.map((c) => [c.id, c]));
  const current = useCustomer(value && !byId.has(value) ? value : null);
  return (
    <Select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{list.isPending ? 'Loading customers…' : placeholder}</option>
      {current.data && <option value={current.data.id}>{current.data.name}</option>}
      {customers.map((customer) => (
        <option key={customer.id} value={customer.id}>{customerLabel(customer, byId)}</option>
      ))}
    </Select>
  );
}
