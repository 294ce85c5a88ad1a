export { createTeam, findStage, findTeamRow, firstStage, listStages } from './teams.ts';
export { projects, stages, teams, tickets } from './tables.ts';
export { teamBoundUser, teamVisible, ticketTeamVisible } from './visibility.ts';
