import type { RouteObject } from 'react-router';
import { TimesheetsPage } from './TimesheetsPage.tsx';

/** The timesheet list (time is logged on a ticket's Timesheets tab). */
export const timesheetRoutes: RouteObject[] = [{ path: 'timesheets', element: <TimesheetsPage /> }];
