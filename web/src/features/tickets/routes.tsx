import type { RouteObject } from 'react-router';

/** Tickets: list, kanban, form with the timesheets tab. */
export const ticketRoutes: RouteObject[] = [];
