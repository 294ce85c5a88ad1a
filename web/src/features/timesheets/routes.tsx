import type { RouteObject } from 'react-router';
import { TimesheetsPage } from './TimesheetsPage.tsx';
import { WeekPage } from './WeekPage.tsx';

/** The timesheet list and the weekly grid (time is also logged on a ticket's Timesheets tab). */
export const timesheetRoutes: RouteObject[] = [
  { path: 'timesheets', element: <TimesheetsPage /> },
  { path: 'timesheets/week', element: <WeekPage /> },
];
