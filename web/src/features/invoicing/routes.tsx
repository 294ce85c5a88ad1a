import type { RouteObject } from 'react-router';
import { Only } from '../../app/permissions.tsx';
import { ProjectsPage } from '../helpdesk/ProjectsPage.tsx';
import { TeamPage } from '../helpdesk/TeamPage.tsx';
import { InvoicePage } from './InvoicePage.tsx';
import { InvoicesPage } from './InvoicesPage.tsx';

/** Invoices and credit notes; team settings and projects. */
export const invoicingRoutes: RouteObject[] = [
  { path: 'invoices', element: <Only ability="invoicesRead"><InvoicesPage /></Only> },
  { path: 'invoices/:id', element: <Only ability="invoicesRead"><InvoicePage /></Only> },
  { path: 'teams/new', element: <Only ability="setup"><TeamPage /></Only> },
  { path: 'teams/:id', element: <Only ability="setup"><TeamPage /></Only> },
  { path: 'projects', element: <ProjectsPage /> },
];
