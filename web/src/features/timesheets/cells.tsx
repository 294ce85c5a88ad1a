import type { SaleLineOption, User } from '../../app/types.ts';
import { Select } from '../../ui/ui.tsx';
import { saleLineLabel } from '../tickets/labels.ts';

/** The agent of an entry: active staff (plus the current agent if no longer active). */
export function AgentSelect({ value, users, onChange, disabled, form }: { value: string; users: User[]; onChange: (id: string) => void; disabled?: boolean; form?: string }) {
  const staff = users.filter((u) => (u.role !== 'customer' && u.active) || u.id === value);
  return (
    <Select aria-label="Agent" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} form={form} className="w-40">
      {staff.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
    </Select>
  );
}

/** An entry's own Sales Order Item: empty follows the ticket, a line pins the entry (R12). */
export function LineSelect({ value, options, onChange, disabled, form }: { value: string; options: SaleLineOption[]; onChange: (id: string) => void; disabled?: boolean; form?: string }) {
  const known = !value || options.some((o) => o.id === value);
  return (
    <Select aria-label="Sales Order Item" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} form={form} className="w-56">
      <option value="">Follow the ticket</option>
      {options.map((o) => <option key={o.id} value={o.id}>{saleLineLabel(o)}</option>)}
      {!known && <option value={value}>Another line (no longer offered)</option>}
    </Select>
  );
}
