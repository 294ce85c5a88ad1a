import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { logsForOthers, managesAccounts, policy, roleAllowed, seesAllTickets, seesCosts, STAFF_ROLES, type Role } from '../../../src/platform/access.ts';
import { ApiError } from './http.ts';
import { useAuth } from './auth.tsx';
import { NoData } from '../ui/QueryState.tsx';

/**
 * What a role may do, in the web app's words: a policy of the server's one table
 * (src/platform/access.ts, imported as is: it is a pure module), or one of its role rules.
 * The screens only hide what a role cannot use; the API still refuses it (decision 0016).
 */
export type Ability = keyof typeof policy | 'seeCosts' | 'logForOthers' | 'seeAllTickets';

/** True when a user with this role may do this. */
export function can(role: Role, ability: Ability): boolean {
  if (ability === 'seeCosts') return seesCosts(role);
  if (ability === 'logForOthers') return logsForOthers(role);
  if (ability === 'seeAllTickets') return seesAllTickets(role);
  return roleAllowed(policy[ability], role);
}

/** A staff user (not a customer's portal user): who can be assigned a ticket or log time. */
export const isStaff = (role: Role) => (STAFF_ROLES as readonly Role[]).includes(role);

/** R80: a role that may be a sales order's account manager (one that opens orders). */
export const isAccountManagerRole = (role: Role) => managesAccounts(role);

/** `can` for the signed-in user, and who that is. */
export function usePermissions() {
  const { user } = useAuth();
  return { user, can: (ability: Ability) => can(user.role, ability) };
}

/** The page a role may not open: said plainly, not as an error. */
export function NoAccess() {
  return (
    <div role="alert" className="py-10 text-center text-slate-600">
      <p className="text-base font-medium text-slate-800">You do not have access to this page.</p>
      <p className="mt-1 text-sm">Ask an administrator if your work needs it. <Link className="text-indigo-700 underline" to="/">Back to the helpdesk</Link></p>
    </div>
  );
}

/** Renders its page only for those who may use it (a route's element). */
export function Only({ ability, children }: { ability: Ability; children: ReactNode }) {
  return usePermissions().can(ability) ? children : <NoAccess />;
}

/**
 * What stands in for a record the page could not load: no access (403), "not found" (404: the API
 * answers it alike for a record outside the caller's scope and a missing one), else loading or the error.
 */
export function Unavailable({ query, what }: { query: { data?: unknown; error: unknown }; what: string }) {
  if (query.error instanceof ApiError && query.error.status === 403) return <NoAccess />;
  if (query.error instanceof ApiError && query.error.status === 404) {
    return <p role="alert" className="py-10 text-center text-slate-600">This {what} was not found: it does not exist or is not yours to see. <Link className="text-indigo-700 underline" to="/">Back to the helpdesk</Link></p>;
  }
  return <NoData query={query} />;
}
