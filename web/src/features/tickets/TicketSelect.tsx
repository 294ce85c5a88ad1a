import { useState } from 'react';
import type { ApiItem } from '../../app/contract.ts';
import { Combobox } from '../../ui/Combobox.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import { useTicketList } from './api.ts';

export type TicketOption = ApiItem<'/tickets'>;

interface Props {
  value: string;
  /** The ticket chosen (undefined when the choice is cleared). */
  onChange: (ticket: TicketOption | undefined) => void;
  /** Tickets not offered (already chosen). */
  exclude?: ReadonlySet<string>;
  /** Its accessible name when no Field labels it. */
  label?: string;
  id?: string;
  className?: string;
}

const ticketLabel = (t: TicketOption) => `#${t.number} ${t.subject}`;

/**
 * A searchable picker of the open tickets the user sees: typing asks the server (the ticket list's
 * `q`: number or subject), newest first, the first 20 (decision 0033).
 */
export function TicketSelect({ value, onChange, exclude, label, id, className }: Props) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const list = useTicketList({ closed: 'false', ...(q ? { q } : {}) }, 20);
  const tickets = (list.data?.pages[0]?.items ?? []).filter((t) => !exclude?.has(t.id));
  const chosen = tickets.find((t) => t.id === value);
  return (
    <Combobox
      id={id}
      aria-label={label}
      className={className}
      value={value}
      onChange={(id) => onChange(tickets.find((t) => t.id === id))}
      placeholder="Type a number or subject…"
      options={tickets.map((t) => ({ id: t.id, label: ticketLabel(t) }))}
      selectedLabel={chosen ? ticketLabel(chosen) : undefined}
      onSearch={setText}
      loading={list.isFetching || q !== text.trim()}
    />
  );
}
TicketSelect.passesId = true;
