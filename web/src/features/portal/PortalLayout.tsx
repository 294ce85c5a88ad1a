import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { usePortalMe } from './api.ts';

const links = [
  ['/tickets', 'My tickets'],
  ['/orders', 'My orders'],
  ['/invoices', 'My invoices'],
] as const;

/** The customer portal's frame: the customer's name, their three screens, sign out. */
export function PortalLayout() {
  const { user, signOut } = useAuth();
  const me = usePortalMe();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-2">
          <span className="flex flex-col leading-tight">
            <span className="text-base font-bold text-indigo-700">Deskbill</span>
            <span className="text-xs text-slate-500">Support portal{me.data ? ` · ${me.data.commercialEntityName}` : ''}</span>
          </span>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
            {links.map(([to, label]) => (
              <NavLink key={to} to={to} className={({ isActive }) => `rounded px-2.5 py-1.5 text-sm font-medium ${isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100'}`}>
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" title={user.email}>{user.name}</span>
            <button type="button" onClick={() => void signOut()} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100">Sign out</button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-5">
        <Outlet />
      </main>
    </div>
  );
}
