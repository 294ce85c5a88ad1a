export { addComment, commentOnTicket, listComments, listTicketComments, toPortalComment } from './comments.ts';
export { listPortalTeams, portalIdentity } from './directory.ts';
