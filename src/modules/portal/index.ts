export { registerPortalRoutes } from './routes.ts';
export { ticketComments } from './tables.ts';
