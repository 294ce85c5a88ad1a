import type { ReactNode } from 'react';
import { Switch } from './Switch.tsx';

/** A switch with its visible label and a hint beside it (settings forms). */
export function SwitchField({ label, hint, checked, disabled, onChange }: { label: string; hint?: ReactNode; checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className={`flex items-start gap-3 text-sm ${disabled ? 'cursor-not-allowed' : 'cursor-pointer'}`}>
      <Switch label={label} checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 shrink-0 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600" />
      <span className={`flex flex-col ${disabled ? 'opacity-60' : ''}`}>
        <span className="font-medium text-slate-800">{label}</span>
        {hint && <span className="text-xs text-slate-500">{hint}</span>}
      </span>
    </label>
  );
}
