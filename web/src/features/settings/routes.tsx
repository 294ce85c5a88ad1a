import type { RouteObject } from 'react-router';
import { CompanyPage } from './CompanyPage.tsx';

/** Company settings. */
export const settingsRoutes: RouteObject[] = [{ path: 'settings', element: <CompanyPage /> }];
