import { NavLink, Outlet, type RouteObject } from 'react-router';
import { Only, usePermissions } from '../../app/permissions.tsx';
import { TaxesPage } from '../catalog/TaxesPage.tsx';
import { WorkTypesPage } from '../timesheets/WorkTypesPage.tsx';
import { userRoutes } from '../users/routes.tsx';
import { webhookRoutes } from '../webhooks/routes.tsx';
import { CompanyPage } from './CompanyPage.tsx';

const tab = ({ isActive }: { isActive: boolean }) => `-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${isActive ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`;

/** Settings pages, with tabs: company and work types for managers; taxes, users and webhooks for admins too. */
function SettingsLayout() {
  const { can } = usePermissions();
  return (
    <>
      <nav aria-label="Settings" className="mb-4 flex gap-1 border-b border-slate-200">
        <NavLink to="/settings" end className={tab}>Company</NavLink>
        {can('admin') && <NavLink to="/settings/taxes" className={tab}>Taxes</NavLink>}
        <NavLink to="/settings/work-types" className={tab}>Work types</NavLink>
        {can('admin') && <NavLink to="/settings/users" className={tab}>Users</NavLink>}
        {can('admin') && <NavLink to="/settings/webhooks" className={tab}>Webhooks</NavLink>}
      </nav>
      <Outlet />
    </>
  );
}

const taxRoutes: RouteObject[] = [{ path: 'taxes', element: <Only ability="admin"><TaxesPage /></Only> }, { path: 'work-types', element: <WorkTypesPage /> }];

/** Company settings and work types and, for admins, taxes, users and webhooks. */
export const settingsRoutes: RouteObject[] = [{ path: 'settings', element: <Only ability="setup"><SettingsLayout /></Only>, children: [{ index: true, element: <CompanyPage /> }, ...taxRoutes, ...userRoutes, ...webhookRoutes] }];
