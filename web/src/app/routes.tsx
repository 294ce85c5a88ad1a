import type { RouteObject } from 'react-router';
import { Link } from 'react-router';
import { DashboardPage } from '../features/helpdesk/DashboardPage.tsx';
import { invoicingRoutes } from '../features/invoicing/routes.tsx';
import { salesRoutes } from '../features/sales/routes.tsx';
import { settingsRoutes } from '../features/settings/routes.tsx';
import { ticketRoutes } from '../features/tickets/routes.tsx';
import { timesheetRoutes } from '../features/timesheets/routes.tsx';

function NotFound() {
  return <p className="py-10 text-center text-slate-600">This page does not exist. <Link className="text-indigo-700 underline" to="/">Back to the helpdesk</Link></p>;
}

/** Every screen of the app: each feature owns its routes. */
export const routes: RouteObject[] = [
  { index: true, element: <DashboardPage /> },
  ...ticketRoutes,
  ...timesheetRoutes,
  ...salesRoutes,
  ...invoicingRoutes,
  ...settingsRoutes,
  { path: '*', element: <NotFound /> },
];
