export { addComment, listComments, type CommentRead, type PortalCommentRead } from './comments.ts';
export { registerPortalRoutes } from './routes.ts';
export { ticketComments } from './tables.ts';
