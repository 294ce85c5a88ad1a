import type { SelectHTMLAttributes } from 'react';
import type { ApiItem } from '../../app/contract.ts';
import { Select } from '../../ui/ui.tsx';
import { useTicketList } from './api.ts';

export type TicketOption = ApiItem<'/tickets'>;

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: string;
  /** The ticket chosen (undefined for the placeholder). */
  onChange: (ticket: TicketOption | undefined) => void;
  /** Tickets not offered (already chosen). */
  exclude?: ReadonlySet<string>;
  label?: string;
};

/** A picker of the open tickets the user sees, newest first (the first 200). */
export function TicketSelect({ value, onChange, exclude, label = 'Ticket', ...rest }: Props) {
  const list = useTicketList({ closed: 'false' }, 200);
  const tickets = (list.data?.pages[0]?.items ?? []).filter((t) => !exclude?.has(t.id));
  return (
    <Select {...rest} aria-label={label} value={value} onChange={(e) => onChange(tickets.find((t) => t.id === e.target.value))}>
      <option value="">{list.isPending ? 'Loading tickets…' : 'Choose a ticket'}</option>
      {tickets.map((t) => <option key={t.id} value={t.id}>#{t.number} {t.subject}</option>)}
    </Select>
  );
}
