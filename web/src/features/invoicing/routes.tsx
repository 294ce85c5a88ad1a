import type { RouteObject } from 'react-router';

/** Invoices and credit notes; team settings and projects. */
export const invoicingRoutes: RouteObject[] = [];
