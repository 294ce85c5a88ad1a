import { sql, type SQL } from 'drizzle-orm';
import { seesAllTickets } from '../../platform/access.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';

/**
 * Which tickets a caller sees (issue 4): admins, managers and accountants see every ticket; an
 * agent sees the tickets of the teams they belong to. Every ticket and timesheet read and write
 * adds this condition, so a ticket outside it answers 404 like one that does not exist.
 * `teamColumn` is the SQL of the ticket's team id in the caller's query.
 */
export function ticketTeamVisible(actor: AuthContext, teamColumn: SQL): SQL {
  if (seesAllTickets(actor.role)) return sql`true`;
  if (actor.role === 'customer') return sql`false`;
  return sql`${teamColumn} IN (SELECT team_id FROM user_teams WHERE user_id = ${actor.userId})`;
}

/**
 * `ticketTeamVisible` for a statement prepared once for every caller: `boundUser` is the SQL of a
 * parameter holding `teamBoundUser(actor)` (null: every team).
 */
export function teamVisibleToBoundUser(teamColumn: SQL, boundUser: SQL): SQL {
  return sql`(${boundUser}::bigint IS NULL OR ${teamColumn} IN (SELECT team_id FROM user_teams WHERE user_id = ${boundUser}::bigint))`;
}

/** The user whose teams bound what the caller sees, or null when the caller sees every team. */
export function teamBoundUser(actor: AuthContext): number | null {
  return seesAllTickets(actor.role) ? null : actor.userId;
}

/** True when the caller may see (and so use) this team: every team, or one they belong to. */
export async function teamVisible(db: Executor, actor: AuthContext, teamId: number): Promise<boolean> {
  const userId = teamBoundUser(actor);
  if (userId === null) return actor.role !== 'customer';
  const rows = await queryRows<{ one: number }>(db, sql`SELECT 1 AS one FROM user_teams WHERE user_id = ${userId} AND team_id = ${teamId}`);
  return rows.length > 0;
}
