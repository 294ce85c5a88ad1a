export { createProject, getProject, listProjects } from './projects.ts';
export { createTeam, findStage, findTeamRow, firstStage, getTeam, listStages, listTeams, updateTeam } from './teams.ts';
export { projects, stages, teams, tickets } from './tables.ts';
export { teamBoundUser, teamVisible, ticketTeamVisible } from './visibility.ts';
