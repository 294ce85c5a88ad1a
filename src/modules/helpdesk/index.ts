export { createTeam, findStage, findTeamRow, firstStage, getTeam, listStages, type StageRead, type TeamRead } from './teams.ts';
export { projects, stages, teams, tickets } from './tables.ts';
export { teamBoundUser, teamVisible, ticketTeamVisible } from './visibility.ts';
