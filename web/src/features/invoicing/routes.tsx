import type { RouteObject } from 'react-router';
import { ProjectsPage } from '../helpdesk/ProjectsPage.tsx';
import { TeamPage } from '../helpdesk/TeamPage.tsx';
import { InvoicePage } from './InvoicePage.tsx';
import { InvoicesPage } from './InvoicesPage.tsx';

/** Invoices and credit notes; team settings and projects. */
export const invoicingRoutes: RouteObject[] = [
  { path: 'invoices', element: <InvoicesPage /> },
  { path: 'invoices/:id', element: <InvoicePage /> },
  { path: 'teams/new', element: <TeamPage /> },
  { path: 'teams/:id', element: <TeamPage /> },
  { path: 'projects', element: <ProjectsPage /> },
];
