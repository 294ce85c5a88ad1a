import { useQuery } from '@tanstack/react-query';
import type { ApiResponse } from '../../app/contract.ts';
import { get } from '../../app/http.ts';
import type { Team } from '../../app/types.ts';

export const useDashboard = () => useQuery({ queryKey: ['dashboard'], queryFn: () => get<ApiResponse<'/helpdesk/dashboard', 'get'>>('/helpdesk/dashboard') });
export const useTeams = () => useQuery({ queryKey: ['teams'], queryFn: () => get<ApiResponse<'/teams', 'get'>>('/teams?limit=500') });
export const useTeam = (id: string, enabled = true) => useQuery({ queryKey: ['teams', id], queryFn: () => get<Team>(`/teams/${id}`), enabled });
export const useStages = (teamId: string | undefined) =>
  useQuery({ queryKey: ['stages', teamId], queryFn: () => get<ApiResponse<'/teams/{id}/stages', 'get'>>(`/teams/${teamId}/stages`), enabled: Boolean(teamId) });
export const useProjects = () => useQuery({ queryKey: ['projects'], queryFn: () => get<ApiResponse<'/projects', 'get'>>('/projects?limit=500') });
