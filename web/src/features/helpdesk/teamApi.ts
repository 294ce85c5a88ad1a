import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { get, patch, post } from '../../app/http.ts';
import type { Team } from '../../app/types.ts';

/** Team settings and the projects list (reads of teams, stages and projects are in api.ts). */
export type TeamInput = ApiBody<'/teams', 'post'>;

/** What a saved team changes elsewhere: lists of teams and projects (R10), the dashboard, users' teams. */
function refreshAfterSave(client: QueryClient, team: Team) {
  client.setQueryData(['teams', team.id], team);
  for (const key of ['teams', 'projects', 'dashboard', 'stages', 'users']) void client.invalidateQueries({ queryKey: [key] });
}

/** Creates (no id) or updates a team; a project may be created with it (R10), so projects refresh too. */
export function useSaveTeam(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => (id ? patch<Team>(`/teams/${id}`, input) : post<Team>('/teams', input)),
    onSuccess: (team) => refreshAfterSave(client, team),
  });
}

/** Makes exactly these staff users the team's members (the whole list; agents see their teams' tickets). */
export function useSaveTeamMembers(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (memberIds: string[]) => patch<Team>(`/teams/${id}`, { memberIds } satisfies ApiBody<'/teams/{id}', 'patch'>),
    onSuccess: (team) => refreshAfterSave(client, team),
  });
}

export const useProjectTickets = (projectId: string) =>
  useQuery({ queryKey: ['tickets', 'project', projectId], queryFn: () => get<ApiResponse<'/tickets', 'get'>>(`/tickets?projectId=${projectId}&limit=20`) });
