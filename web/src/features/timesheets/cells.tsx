import type { SelectHTMLAttributes } from 'react';
import type { SaleLineOption, User } from '../../app/types.ts';
import { isStaff } from '../../app/permissions.tsx';
import { Select } from '../../ui/ui.tsx';
import { saleLineLabel } from '../tickets/labels.ts';
import type { WorkType } from './workTypes.ts';

/** A select cell: `label` names it (unique per row in the grid); events (blur, keys) pass through. */
type CellProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & { value: string; onChange: (id: string) => void; label?: string };

/** The agent of an entry: active staff (plus the current agent if no longer active). */
export function AgentSelect({ value, users, onChange, label = 'Agent', ...rest }: CellProps & { users: User[] }) {
  const staff = users.filter((u) => (isStaff(u.role) && u.active) || u.id === value);
  return (
    <Select {...rest} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-40">
      {staff.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
    </Select>
  );
}

/** An entry's own Sales Order Item: empty follows the ticket, a line pins the entry (R12). */
export function LineSelect({ value, options, onChange, label = 'Sales Order Item', ...rest }: CellProps & { options: SaleLineOption[] }) {
  const known = !value || options.some((o) => o.id === value);
  return (
    <Select {...rest} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-56">
      <option value="">Follow the ticket</option>
      {options.map((o) => <option key={o.id} value={o.id}>{saleLineLabel(o)}</option>)}
      {!known && <option value={value}>Another line (no longer offered)</option>}
    </Select>
  );
}

/** An entry's work type (R77): none, or an active one (plus the entry's own if since deactivated). */
export function WorkTypeSelect({ value, workTypes, onChange, label = 'Work type', ...rest }: CellProps & { workTypes: WorkType[] }) {
  const offered = workTypes.filter((w) => w.active || w.id === value);
  return (
    <Select {...rest} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-36">
      <option value="">None</option>
      {offered.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
    </Select>
  );
}
