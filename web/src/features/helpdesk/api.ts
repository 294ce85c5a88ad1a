import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../app/http.ts';
import type { Project, Stage, Team, TeamCard } from '../../app/types.ts';

export const useDashboard = () => useQuery({ queryKey: ['dashboard'], queryFn: () => get<{ items: TeamCard[] }>('/helpdesk/dashboard') });
export const useTeams = () => useQuery({ queryKey: ['teams'], queryFn: () => get<Page<Team>>('/teams?limit=500') });
export const useTeam = (id: string) => useQuery({ queryKey: ['teams', id], queryFn: () => get<Team>(`/teams/${id}`) });
export const useStages = (teamId: string | undefined) =>
  useQuery({ queryKey: ['stages', teamId], queryFn: () => get<{ items: Stage[] }>(`/teams/${teamId}/stages`), enabled: Boolean(teamId) });
export const useProjects = () => useQuery({ queryKey: ['projects'], queryFn: () => get<Page<Project>>('/projects?limit=500') });
