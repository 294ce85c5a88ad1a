import type { RouteObject } from 'react-router';
import { Only } from '../../app/permissions.tsx';
import { NewTicketPage, TicketPage } from './TicketPage.tsx';
import { TicketsPage } from './TicketsPage.tsx';

/** Tickets: list, kanban, form with the timesheets tab. */
export const ticketRoutes: RouteObject[] = [
  { path: 'tickets', element: <TicketsPage /> },
  { path: 'tickets/new', element: <Only ability="helpdeskWrite"><NewTicketPage /></Only> },
  { path: 'tickets/:id', element: <TicketPage /> },
];
