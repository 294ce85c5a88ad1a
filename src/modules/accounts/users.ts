import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { formatPrice } from '../../core/money.ts';
import { containing, inTransaction, type Db, type Executor, type Tx } from '../../platform/db.ts';
import { AppError, invalid, namedReference, notFound } from '../../platform/errors.ts';
import type { Role } from '../../platform/http.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { seesCosts } from '../../platform/access.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { deleteUserSessions, endCredentials } from './sessions.ts';
import { userTeams, users } from './tables.ts';

export interface UserRead {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Null for callers who may not see costs (see `seesCosts`). */
  hourlyCost: string | null;
  teamIds: string[];
  customerId: string | null;
  active: boolean;
  createdAt: string;
}

export interface UserInput {
  name: string;
  email: string;
  role: Role;
  password?: string | undefined;
  hourlyCost?: string | undefined;
  teamIds?: string[] | undefined;
  customerId?: string | null | undefined;
  active?: boolean | undefined;
}

type UserRow = typeof users.$inferSelect;

async function teamIdsOf(db: Executor, userIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select().from(userTeams).where(inArray(userTeams.userId, userIds)).orderBy(userTeams.teamId);
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), String(row.teamId)]);
  return map;
}

/** Who reads users: costs are shown only to roles that see costs. */
export interface Viewer {
  role: Role;
}

const showsCosts = (viewer: Viewer | undefined) => !viewer || seesCosts(viewer.role);

function toRead(row: UserRow, teamIds: string[], viewer?: Viewer): UserRead {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    role: row.role,
    hourlyCost: showsCosts(viewer) ? formatPrice(row.hourlyCost, 2) : null,
    teamIds,
    customerId: row.customerId == null ? null : String(row.customerId),
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Reads one user, or null (with costs unless a viewer who may not see them is given). */
export async function findUser(db: Executor, userId: number, viewer?: Viewer): Promise<UserRead | null> {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) return null;
  return toRead(row, (await teamIdsOf(db, [row.id])).get(row.id) ?? [], viewer);
}

/** Refuses (400 on `field`) a user who is missing, inactive or a portal user: tickets and time belong to staff. */
export async function assertActiveStaff(db: Executor, userId: number, field: string): Promise<void> {
  const row = await findUserStanding(db, userId);
  if (!row || row.role === 'customer' || !row.active) throw invalid(field, 'No such active staff user');
}

/**
 * A user's role and whether they are active, or null for no such user. `lock` holds the row (FOR
 * SHARE) until the transaction ends, so a deactivation or a role change waits for it.
 */
export async function findUserStanding(db: Executor, userId: number, lock = false): Promise<{ role: Role; active: boolean } | null> {
  const query = db.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, userId));
  const [row] = lock ? await query.for('share') : await query;
  return row ?? null;
}

/** Reads one user or answers 404. */
export async function getUser(db: Executor, userId: number, viewer?: Viewer): Promise<UserRead> {
  const user = await findUser(db, userId, viewer);
  if (!user) throw notFound('User');
  return user;
}

/** The form of an email that users are stored and throttled by. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Finds a user (active or not) by email for login. */
export async function findUserForLogin(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return row ?? null;
}

/** Lists users by name, optionally filtered by role or text. */
export async function listUsers(db: Db, query: { limit: number; cursor?: string | undefined; role?: Role | undefined; q?: string | undefined }, viewer?: Viewer) {
  const page = byName(users.name, users.id, query.cursor);
  const conditions = [
    query.role ? eq(users.role, query.role) : undefined,
    query.q ? sql`(${users.name} ILIKE ${containing(query.q)} OR ${users.email} ILIKE ${containing(query.q)})` : undefined,
    page.after,
  ];
  const rows = await db.select().from(users).where(and(...conditions)).orderBy(...page.orderBy).limit(query.limit + 1);
  const teams = await teamIdsOf(db, rows.map((r) => r.id));
  return toPage(rows, query.limit, page.key, (r) => toRead(r, teams.get(r.id) ?? [], viewer));
}

function checkRoleLinks(role: Role, customerId: string | null | undefined, teamIds: string[] | undefined): void {
  if (role === 'customer' && !customerId) throw invalid('customerId', 'A customer portal user needs a customerId');
  if (role !== 'customer' && customerId) throw invalid('customerId', 'Only customer portal users are linked to a customer');
  if (role === 'customer' && teamIds?.length) throw invalid('teamIds', 'Customer portal users belong to no team');
}

// Teams and customers belong to modules above this one: the database's foreign keys say when one
// does not exist, and the refusal names the field.
const REFERENCES = {
  user_teams_team_id_fkey: ['teamIds', 'No such team'],
  users_customer_id_fkey: ['customerId', 'No such customer'],
} as const;

const refuseMissingReference = (error: unknown): never => {
  throw namedReference(error, REFERENCES);
};

/** Refuses (409 EMAIL_TAKEN) a normalised email another user already has. */
async function checkEmailFree(tx: Executor, email: string): Promise<void> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (taken) throw new AppError('EMAIL_TAKEN', 'A user with this email already exists', [{ path: 'email', message: 'Already in use' }]);
}

async function setTeams(tx: Executor, userId: number, teamIds: string[]): Promise<void> {
  await tx.delete(userTeams).where(eq(userTeams.userId, userId));
  const unique = [...new Set(teamIds)];
  if (unique.length) await tx.insert(userTeams).values(unique.map((t) => ({ userId, teamId: Number(t) })));
}

/** Makes exactly these staff users a team's members (portal users and unknown ids are refused, on `memberIds`). */
export async function setTeamMembers(tx: Tx, teamId: number, memberIds: string[]): Promise<void> {
  const ids = [...new Set(memberIds.map(Number))];
  if (ids.length > 0) {
    const staff = await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), notInArray(users.role, ['customer'])));
    const missing = ids.filter((id) => !staff.some((s) => s.id === id));
    if (missing.length > 0) throw invalid('memberIds', `No such staff user: ${missing.join(', ')}`);
  }
  await tx.delete(userTeams).where(and(eq(userTeams.teamId, teamId), ids.length > 0 ? notInArray(userTeams.userId, ids) : undefined));
  if (ids.length > 0) await tx.insert(userTeams).values(ids.map((userId) => ({ userId, teamId }))).onConflictDoNothing();
}

/** Creates a user (staff or customer portal user); the email must be unused. */
export async function createUser(db: Db, input: UserInput): Promise<UserRead> {
  checkRoleLinks(input.role, input.customerId, input.teamIds);
  const email = normaliseEmail(input.email);
  if (input.password) checkPassword(input.password, email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(db, async (tx) => {
    await checkEmailFree(tx, email);
    const [row] = await tx
      .insert(users)
      .values({
        name: input.name,
        email,
        role: input.role,
        passwordHash,
        hourlyCost: input.hourlyCost ?? '0',
        customerId: input.customerId ? Number(input.customerId) : null,
        active: input.active ?? true,
      })
      .returning();
    await setTeams(tx, row!.id, input.teamIds ?? []);
    return toRead(row!, [...new Set(input.teamIds ?? [])].sort((a, b) => Number(a) - Number(b)));
  }).catch(refuseMissingReference);
}

/**
 * Changes a user. Deactivating ends all their sessions, API tokens and unused links at once;
 * a new password ends their sessions.
 */
export async function updateUser(db: Db, userId: number, patch: Partial<UserInput>, viewer?: Viewer): Promise<UserRead> {
  const [existing] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!existing) throw notFound('User');
  if (patch.password) checkPassword(patch.password, normaliseEmail(patch.email ?? existing.email));
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  await inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!current) throw notFound('User');
    const role = patch.role ?? current.role;
    const customerId = patch.customerId !== undefined ? patch.customerId : current.customerId == null ? null : String(current.customerId);
    checkRoleLinks(role, customerId, patch.teamIds);
    const email = patch.email === undefined ? undefined : normaliseEmail(patch.email);
    if (email && email !== current.email) await checkEmailFree(tx, email);
    await tx
      .update(users)
      .set({
        name: patch.name,
        email,
        role,
        passwordHash,
        hourlyCost: patch.hourlyCost,
        customerId: customerId ? Number(customerId) : null,
        active: patch.active,
      })
      .where(eq(users.id, userId));
    if (patch.teamIds) await setTeams(tx, userId, patch.teamIds);
    if (role === 'customer') await tx.delete(userTeams).where(eq(userTeams.userId, userId));
    if (patch.active === false) await endCredentials(tx, userId);
    else if (passwordHash) await deleteUserSessions(tx, userId);
  }).catch(refuseMissingReference);
  return getUser(db, userId, viewer);
}
