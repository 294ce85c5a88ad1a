import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../ui/format.ts';
import { useMarkHandled, useNotifications, type Notification } from './api.ts';

/**
 * R74: the header's bell: how many alerts wait, and the list of the latest, each linking to its
 * order and marked handled here. Self-contained: the header only places it.
 */
export function NotificationBell() {
  const list = useNotifications();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => { if (!box.current?.contains(event.target as Node)) setOpen(false); };
    const escape = (event: KeyboardEvent) => { if (event.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => { document.removeEventListener('mousedown', close); document.removeEventListener('keydown', escape); };
  }, [open]);
  const waiting = list.data?.unhandled ?? 0;
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-label={waiting > 0 ? `Notifications: ${waiting} to handle` : 'Notifications'}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="relative rounded px-2 py-1 text-slate-600 hover:bg-slate-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-current"><path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13a.75.75 0 0 0 .7 1.1h12a.75.75 0 0 0 .7-1.1L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 10 18Z" /></svg>
        {waiting > 0 && <span className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white">{waiting}</span>}
      </button>
      {open && (
        <div role="region" aria-label="Notifications" className="absolute right-0 z-50 mt-1 w-96 rounded-lg border border-slate-200 bg-white shadow-lg">
          <p className="border-b border-slate-100 px-3 py-2 text-sm font-semibold text-slate-700">Notifications</p>
          {list.data && list.data.items.length === 0 && <p className="px-3 py-3 text-sm text-slate-500">Nothing to handle.</p>}
          {list.isError && <p className="px-3 py-3 text-sm text-red-700">The notifications could not be loaded.</p>}
          <ul className="max-h-96 overflow-y-auto">
            {list.data?.items.map((n) => <NotificationItem key={n.id} notification={n} onOpen={() => setOpen(false)} />)}
          </ul>
        </div>
      )}
    </div>
  );
}

function NotificationItem({ notification: n, onOpen }: { notification: Notification; onOpen: () => void }) {
  const handle = useMarkHandled();
  return (
    <li className={`border-b border-slate-100 px-3 py-2 text-sm last:border-0 ${n.handledAt ? 'text-slate-500' : ''}`}>
      <p className="font-medium">Upsell: prepaid block</p>
      <p>{n.message}</p>
      <div className="mt-1 flex items-center gap-3 text-xs">
        <span className="text-slate-500">{formatDateTime(n.createdAt)}</span>
        <Link to={`/sales/${n.saleOrderId}`} onClick={onOpen} className="text-indigo-700 hover:underline">Open order</Link>
        {n.handledAt
          ? <span>Handled</span>
          : <button type="button" disabled={handle.isPending} onClick={() => handle.mutate(n.id)} className="rounded border border-slate-300 px-1.5 py-0.5 font-medium text-slate-700 hover:bg-slate-50">Mark handled</button>}
        {handle.isError && <span role="alert" className="text-red-700">{handle.error.message}</span>}
      </div>
    </li>
  );
}
