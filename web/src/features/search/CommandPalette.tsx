import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiResponse } from '../../app/contract.ts';
import { get, query } from '../../app/http.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import type { Command, CommandContext } from './commands.ts';

type Results = ApiResponse<'/search', 'get'>;
interface Option { id: string; label: string; detail?: string; run: () => void }
interface Group { name: string; options: Option[] }

/** What the server searches (R69): 2 characters, or a ticket number. */
const searchable = (q: string) => q.length >= 2 || /^#?\d+$/.test(q);

function resultGroups(r: Results | undefined, go: (to: string) => void): Group[] {
  if (!r) return [];
  return [
    { name: 'Tickets', options: r.tickets.map((t) => ({ id: `ticket-${t.id}`, label: `#${t.number} ${t.subject}`, detail: t.closed ? 'closed' : '', run: () => go(`/tickets/${t.id}`) })) },
    { name: 'Customers', options: r.customers.map((c) => ({ id: `customer-${c.id}`, label: c.name, detail: c.vatId ?? '', run: () => go(`/customers/${c.id}`) })) },
    { name: 'Sales orders', options: r.saleOrders.map((o) => ({ id: `order-${o.id}`, label: o.number, detail: o.customerName, run: () => go(`/sales/${o.id}`) })) },
    { name: 'Invoices', options: r.invoices.map((i) => ({ id: `invoice-${i.id}`, label: i.number, detail: `${i.kind === 'credit_note' ? 'Credit note · ' : ''}${i.customerName}`, run: () => go(`/invoices/${i.id}`) })) },
  ];
}

/**
 * The command palette (Ctrl/⌘+K): a combobox searching tickets, customers, orders and invoices
 * (GET /search) and the commands; ↑/↓ choose, Enter opens, Escape closes. Enter pressed before the
 * answer came opens the best result once it comes.
 */
export function CommandPalette({ commands, context, onClose }: { commands: Command[]; context: CommandContext; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [enterPending, setEnterPending] = useState(false);
  const typed = text.trim();
  const q = useDebounced(typed, 150);
  const search = useQuery({ queryKey: ['search', q], queryFn: () => get<Results>(`/search${query({ q })}`), enabled: searchable(q), staleTime: 30_000 });
  const waiting = searchable(typed) && (q !== typed || search.isFetching);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const groups = useMemo(() => {
    const finish = (run: () => void) => () => { onClose(); run(); };
    const go = (to: string) => finish(() => context.navigate(to))();
    const needle = typed.toLowerCase();
    const actions = commands.filter((c) => c.id !== 'search' && c.label.toLowerCase().includes(needle))
      .map((c) => ({ id: `command-${c.id}`, label: c.label, detail: c.key ?? '', run: finish(() => c.run(context)) }));
    const found = searchable(q) && q === typed ? resultGroups(search.data, go) : [];
    return [...found, { name: 'Commands', options: actions }].filter((g) => g.options.length > 0);
  }, [commands, context, onClose, q, typed, search.data]);
  const options = groups.flatMap((g) => g.options);
  const current = options[Math.min(active, options.length - 1)];

  useEffect(() => setActive(0), [groups]);
  useEffect(() => {
    if (enterPending && !waiting) {
      setEnterPending(false);
      options[0]?.run();
    }
  }, [enterPending, waiting, options]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (options.length ? (Math.min(i, options.length - 1) + by + options.length) % options.length : 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (waiting) setEnterPending(true);
      else current?.run();
    }
  };

  let index = -1;
  return (
    <dialog ref={ref} aria-label="Command palette" onCancel={(e) => { e.preventDefault(); onClose(); }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      className="mx-auto mt-[12vh] w-full max-w-xl rounded-lg border border-slate-200 bg-white p-0 shadow-2xl backdrop:bg-slate-900/40">
      <input autoFocus role="combobox" aria-label="Search or type a command" aria-expanded={options.length > 0} aria-controls={listId}
        aria-autocomplete="list" aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        placeholder="Search tickets, customers, orders, invoices… or type a command"
        value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown}
        className="w-full border-b border-slate-200 px-4 py-3 text-base outline-none" />
      <div id={listId} role="listbox" aria-label="Results" className="max-h-[60vh] overflow-y-auto py-1">
        {groups.map((g) => (
          <div key={g.name} role="group" aria-label={g.name}>
            <div aria-hidden className="px-4 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-400">{g.name}</div>
            {g.options.map((o) => {
              index += 1;
              const at = index;
              const selected = o === current;
              return (
                <div key={o.id} id={`${listId}-${o.id}`} role="option" aria-selected={selected}
                  onMouseMove={() => setActive(at)} onMouseDown={(e) => e.preventDefault()} onClick={o.run}
                  className={`flex cursor-pointer items-center justify-between gap-3 px-4 py-1.5 text-sm ${selected ? 'bg-indigo-50 text-indigo-800' : 'text-slate-800'}`}>
                  <span className="truncate">{o.label}</span>
                  {o.detail && <span className="shrink-0 text-xs text-slate-500">{o.detail}</span>}
                </div>
              );
            })}
          </div>
        ))}
        {options.length === 0 && <p className="px-4 py-3 text-sm text-slate-500">{waiting ? 'Searching…' : 'Nothing found.'}</p>}
        {search.isError && <p role="alert" className="px-4 py-2 text-sm text-red-700">The search failed; try again.</p>}
      </div>
      <p className="border-t border-slate-100 px-4 py-1.5 text-xs text-slate-500">↑↓ to choose · Enter to open · Esc to close · ? for shortcuts</p>
    </dialog>
  );
}

/** The `?` help: every shortcut the user's role can use. */
export function ShortcutHelp({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const keys: Array<[string, string]> = [['Ctrl K / ⌘K', 'Open the command palette'], ...commands.filter((c) => c.key).map((c): [string, string] => [c.key!, c.label])];
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {keys.map(([key, label]) => (
          <div key={key} className="contents">
            <dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{key}</kbd></dt>
            <dd className="text-slate-700">{label}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500">Single keys work when you are not typing in a field.</p>
    </Dialog>
  );
}
