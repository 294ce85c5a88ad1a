import type { RouteObject } from 'react-router';
import { NewTicketPage, TicketPage } from './TicketPage.tsx';
import { TicketsPage } from './TicketsPage.tsx';

/** Tickets: list, kanban, form with the timesheets tab. */
export const ticketRoutes: RouteObject[] = [
  { path: 'tickets', element: <TicketsPage /> },
  { path: 'tickets/new', element: <NewTicketPage /> },
  { path: 'tickets/:id', element: <TicketPage /> },
];
