export { createProject, getProject, listProjects } from './projects.ts';
export { createTeam, findStage, findTeamRow, firstStage, getTeam, listStages, listTeams, updateTeam } from './teams.ts';
export { projects, stages, teams, tickets } from './tables.ts';
export {
  changedTicketValues, clearLinesFromTickets, clearTicketLine, insertTicket, lockOpenLinkedTickets, lockTicketForTime, newTicketValues, visibleTicketCustomer, writeTicket,
  type Priority, type TicketForTime, type TicketInput, type TicketValues,
} from './tickets.ts';
export { teamBoundUser, teamVisible, ticketTeamVisible } from './visibility.ts';
