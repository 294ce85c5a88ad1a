export { createProject, getProject, listProjects } from './projects.ts';
export { createTeam, findTeamRow, firstStage, getTeam, listStages, listTeams, updateTeam } from './teams.ts';
export { teams } from './tables.ts';
export {
  changedTicketValues,
  clearLinesFromTickets,
  clearTicketLine,
  insertTicket,
  lockOpenLinkedTickets,
  lockTicketForTime,
  MOVE_ON_TIME_LOGGED_SQL,
  newTicketValues,
  stageNamedInTicketTeam,
  visibleTicketCustomer,
  writeTicket,
  type Priority,
  type TicketForTime,
  type TicketInput,
} from './tickets.ts';
export { teamBoundUser, teamVisibleToBoundUser, ticketTeamVisible } from './visibility.ts';
