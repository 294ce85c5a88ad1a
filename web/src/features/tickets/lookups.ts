import { useMemo } from 'react';
import { usePermissions } from '../../app/permissions.tsx';
import { useTeams } from '../helpdesk/api.ts';
import { customerLabel, useAllCustomers } from '../partners/api.ts';
import { useUsers } from '../users/api.ts';
import { useAllStages } from './api.ts';

/** Names for the ids a ticket carries: customers, users, teams, stages. */
export function useTicketLookups() {
  const teams = useTeams();
  const customers = useAllCustomers();
  const users = useUsers();
  const stages = useAllStages(teams.data?.items);
  const { user, can } = usePermissions();
  const seesAll = can('seeAllTickets');
  return useMemo(() => {
    const customerById = new Map((customers.data ?? []).map((c) => [c.id, c]));
    const userById = new Map((users.data ?? []).map((u) => [u.id, u]));
    const teamById = new Map((teams.data?.items ?? []).map((t) => [t.id, t]));
    return {
      /** The teams are known (a new ticket's form may preselect one). */
      ready: teams.isSuccess,
      teams: teams.data?.items ?? [],
      /** The teams the user works in (an agent's own; everyone else's all): offered where a ticket's team is chosen. */
      workTeams: (teams.data?.items ?? []).filter((t) => seesAll || user.teamIds.includes(t.id)),
      customers: customers.data ?? [],
      users: users.data ?? [],
      stages,
      customerName: (id: string | null) => {
        const customer = id ? customerById.get(id) : undefined;
        return customer ? customerLabel(customer, customerById) : id ? '…' : '—';
      },
      userName: (id: string | null) => (id ? (userById.get(id)?.name ?? '…') : 'Unassigned'),
      teamName: (id: string) => teamById.get(id)?.name ?? '…',
      stageName: (id: string) => stages.get(id)?.name ?? '…',
    };
  }, [teams.data, teams.isSuccess, customers.data, users.data, stages, seesAll, user.teamIds]);
}

export type TicketLookups = ReturnType<typeof useTicketLookups>;
