import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { getAll, patch, post } from '../../app/http.ts';
import type { User } from '../../app/types.ts';
import { isAccountManagerRole, isStaff } from '../../app/permissions.tsx';

/** A one-time link for a user, shown once: `{url, expiresAt}` (a password-reset link has the same shape). */
export type IssuedLink = ApiResponse<'/users/{id}/invitations', 'post'>;

export type InviteInput = ApiBody<'/users', 'post'>;

/** Every user: the Users screen, and the look-up list of the ticket, timesheet and team screens. */
export const useUsers = () => useQuery({ queryKey: ['users', 'all'], queryFn: () => getAll<ApiResponse<'/users', 'get'>>('/users'), staleTime: 60_000 });

/** Active staff users: who can be assigned a ticket, log time or join a team. */
export const staffOf = (users: User[] | undefined) => (users ?? []).filter((u) => isStaff(u.role) && u.active);

const userOption = (u: User) => ({ id: u.id, label: u.name, hint: u.email });

/** The active staff as a picker's options, found by name or email. */
export const agentOptions = (users: User[] | undefined) => staffOf(users).map(userOption);

/** R80: who may be a sales order's account manager, as a picker's options: active staff of a role that opens orders. */
export const accountManagerOptions = (users: User[] | undefined) => staffOf(users).filter((u) => isAccountManagerRole(u.role)).map(userOption);

/** A user's name by id, for a picker whose choice is no longer among its options (a deactivated assignee). */
export const userName = (users: User[] | undefined, id: string) => users?.find((u) => u.id === id)?.name;

/** Creates the user without a password, then issues their invitation link. */
export function useInviteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: InviteInput) => {
      const user = await post<User>('/users', input);
      void client.invalidateQueries({ queryKey: ['users'] });
      return { user, link: await post<IssuedLink>(`/users/${user.id}/invitations`) };
    },
  });
}

/** A new invitation (user without a password yet) or password-reset link for an existing user. */
export function useIssueLink() {
  return useMutation({
    mutationFn: ({ user, kind }: { user: User; kind: 'invitations' | 'password-reset' }) => post<IssuedLink>(`/users/${user.id}/${kind}`),
  });
}

/** Deactivates (ending their sessions and API tokens at once) or reactivates a user. */
export function useSetActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, active }: { user: User; active: boolean }) => patch<User>(`/users/${user.id}`, { active } satisfies ApiBody<'/users/{id}', 'patch'>),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['users'] }),
  });
}
