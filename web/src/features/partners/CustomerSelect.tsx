import type { SelectHTMLAttributes } from 'react';
import { Select } from '../../ui/ui.tsx';
import { customerOptions, useAllCustomers, useCustomer } from './api.ts';

/** A customer's name, wherever only its id is known. */
export function CustomerName({ id }: { id: string | null | undefined }) {
  const customer = useCustomer(id);
  if (!id) return <span className="text-slate-400">—</span>;
  return <>{customer.data?.name ?? (customer.isError ? 'Unknown customer' : '…')}</>;
}

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & { value: string; onChange: (id: string) => void; placeholder?: string };

/** A select of every customer, companies and their contacts ("Acme, Jane"). Wrap it in a Field for its label. */
export function CustomerSelect({ value, onChange, placeholder = 'Choose a customer…', ...props }: Props) {
  const all = useAllCustomers();
  const options = customerOptions(all.data);
  const current = useCustomer(value && !options.some((o) => o.id === value) ? value : null);
  return (
    <Select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{all.isPending ? 'Loading customers…' : placeholder}</option>
      {current.data && <option value={current.data.id}>{current.data.name}</option>}
      {options.map((option) => (
        <option key={option.id} value={option.id}>{option.label}</option>
      ))}
    </Select>
  );
}
