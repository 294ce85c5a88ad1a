import type { KeyboardEvent, ReactNode } from 'react';
import { cx } from '../../ui/ui.tsx';

interface Tab {
  id: string;
  label: ReactNode;
  panel: ReactNode;
}

/** Accessible tabs (arrow keys move between them); hidden panels stay mounted, so nothing typed is lost. */
export function Tabs({ label, tabs, current, onChange }: { label: string; tabs: Tab[]; current: string; onChange: (id: string) => void }) {
  const onKey = (e: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === current);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next) {
      onChange(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
  const active = tabs.find((t) => t.id === current) ?? tabs[0];
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200" onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === active?.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === active?.id ? 0 : -1}
            onClick={() => onChange(t.id)}
            className={cx('-mb-px border-b-2 px-4 py-2 text-sm font-medium', t.id === active?.id ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900')}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={t.id !== active?.id} className="rounded-b-lg border border-t-0 border-slate-200 bg-white p-4 shadow-sm">
          {t.panel}
        </div>
      ))}
    </div>
  );
}
