import { createBrowserRouter, Link, Navigate, type RouteObject } from 'react-router';
import { NewPortalTicketPage } from './NewPortalTicketPage.tsx';
import { PortalInvoicesPage } from './PortalInvoicesPage.tsx';
import { PortalLayout } from './PortalLayout.tsx';
import { PortalOrdersPage } from './PortalOrdersPage.tsx';
import { PortalTicketPage } from './PortalTicketPage.tsx';
import { PortalTicketsPage } from './PortalTicketsPage.tsx';

function NotFound() {
  return <p className="py-10 text-center text-slate-600">This page does not exist. <Link className="text-indigo-700 underline" to="/tickets">Back to my tickets</Link></p>;
}

/** The screens of the customer portal (a portal user sees these instead of the helpdesk's). */
const portalRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="/tickets" replace /> },
  { path: 'tickets', element: <PortalTicketsPage /> },
  { path: 'tickets/new', element: <NewPortalTicketPage /> },
  { path: 'tickets/:id', element: <PortalTicketPage /> },
  { path: 'orders', element: <PortalOrdersPage /> },
  { path: 'invoices', element: <PortalInvoicesPage /> },
  { path: '*', element: <NotFound /> },
];

let router: ReturnType<typeof createBrowserRouter> | null = null;
/** The portal's router, made the first time a portal user signs in. */
export function portalRouter() {
  router ??= createBrowserRouter([{ path: '/', element: <PortalLayout />, children: portalRoutes }]);
  return router;
}
