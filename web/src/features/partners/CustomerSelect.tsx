import { useState } from 'react';
import { Combobox, type ComboboxProps } from '../../ui/Combobox.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import type { Customer } from '../../app/types.ts';
import { customerLabel, useCompanies, useCustomer, useCustomerSearch } from './api.ts';

/** A customer's name, wherever only its id is known. */
export function CustomerName({ id }: { id: string | null | undefined }) {
  const customer = useCustomer(id);
  if (!id) return <span className="text-slate-400">—</span>;
  return <>{customer.data?.name ?? (customer.isError ? 'Unknown customer' : '…')}</>;
}

/** The combobox's own settings; the options and their search are the customers'. */
type Props = Omit<ComboboxProps, 'options' | 'selectedLabel' | 'onSearch' | 'loading' | 'onCreate'>;

/**
 * A searchable customer picker: typing asks the server for the first customers whose name contains
 * the text, so it stays quick with thousands of them. Contacts read "Acme B.V., Jane Doe". Clearing
 * the text chooses none. Wrap it in a Field for its label.
 */
export function CustomerSelect({ value, onChange, placeholder = 'Type to find a customer…', ...props }: Props) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useCustomerSearch(q);
  const companies = useCompanies();
  const chosen = useCustomer(value || null);
  const byId = new Map((companies.data ?? []).map((c) => [c.id, c]));
  const label = (c: Customer) => customerLabel(c, byId);
  return (
    <Combobox
      {...props}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      options={(found.data?.items ?? []).map((c) => ({ id: c.id, label: label(c) }))}
      selectedLabel={chosen.data ? label(chosen.data) : undefined}
      onSearch={setText}
      loading={found.isFetching || q !== text.trim()}
    />
  );
}
CustomerSelect.passesId = true;
