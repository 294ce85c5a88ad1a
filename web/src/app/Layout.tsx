import { NavLink, Outlet } from 'react-router';
import { useAuth } from './auth.tsx';
import { usePermissions, type Ability } from './permissions.tsx';
import { Shortcuts } from '../features/search/Shortcuts.tsx';
import { TimerWidget } from '../features/timers/TimerWidget.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';

/** Each section with what it takes to use it: a role sees only the sections it may use. */
const links: ReadonlyArray<readonly [string, string, Ability]> = [
  ['/', 'Helpdesk', 'helpdeskRead'],
  ['/tickets', 'Tickets', 'helpdeskRead'],
  ['/timesheets', 'Timesheets', 'helpdeskRead'],
  ['/timesheets/week', 'My week', 'helpdeskWrite'],
  ['/projects', 'Projects', 'helpdeskRead'],
  ['/sales', 'Sales', 'ordersRead'],
  ['/invoices', 'Invoices', 'invoicesRead'],
  ['/products', 'Products', 'seeCosts'],
  ['/customers', 'Customers', 'staff'],
  ['/settings', 'Settings', 'setup'],
];

/** Header with the navigation and the signed-in user; pages render below. */
export function Layout() {
  const { user, signOut } = useAuth();
  const { can } = usePermissions();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2 2xl:max-w-none 2xl:px-8">
          <span className="text-base font-bold text-indigo-700">Deskbill</span>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-0.5">
            {links.filter(([, , ability]) => can(ability)).map(([to, label]) => (
              <NavLink key={to} to={to} end={links.some(([other]) => other !== to && other.startsWith(to === '/' ? '/' : `${to}/`))} className={({ isActive }) => `rounded px-2 py-1.5 text-sm font-medium ${isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100'}`}>
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="flex items-center gap-2 text-sm">
            <TimerWidget />
            <Shortcuts />
            {can('staff') && <NotificationBell />}
            <span className="whitespace-nowrap text-slate-600" title={`${user.email} · ${user.role}`}>{user.name}<span className="hidden text-slate-400 2xl:inline"> · {user.role}</span></span>
            <button type="button" onClick={() => void signOut()} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100">Sign out</button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-5 2xl:max-w-none 2xl:px-8">
        <Outlet />
      </main>
    </div>
  );
}
