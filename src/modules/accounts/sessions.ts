import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { apiTokens, sessions, users } from './tables.ts';
import { newSecret, secretHash } from './tokens.ts';

export interface SessionLimits {
  idleMinutes: number;
  maxMinutes: number;
}

/** Opens a session for a user: returns the cookie value and the CSRF token to give the client. */
export async function createSession(db: Db, userId: number, limits: SessionLimits): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  await db.insert(sessions).values({
    idHash: secretHash(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + limits.maxMinutes * 60_000),
  });
  return { token, csrfToken };
}

/** Ends a session (logout). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Resolves a session cookie to its caller, or null when unknown, expired, idle too long or the user is inactive. */
export async function resolveSession(db: Db, token: string, limits: SessionLimits): Promise<AuthContext | null> {
  const idHash = secretHash(token);
  const now = new Date();
  const [row] = await db
    .select({ userId: users.id, role: users.role, customerId: users.customerId, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  if (!row) return null;
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (idleMs > limits.idleMinutes * 60_000) {
    await deleteSession(db, idHash);
    return null;
  }
  // Touch at most once a minute: a session read should not be a write on every request.
  if (idleMs > 60_000) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  return { userId: row.userId, role: row.role, customerId: row.customerId, via: 'session', sessionIdHash: idHash, csrfToken: row.csrfToken };
}

/** Creates an API token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Db, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = newSecret('dbk_');
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: secretHash(token) }).returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/** Resolves a Bearer token to its caller, or null. */
export async function resolveApiToken(db: Db, token: string): Promise<AuthContext | null> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, customerId: users.customerId })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, secretHash(token)), isNull(apiTokens.revokedAt), eq(users.active, true)));
  if (!row) return null;
  return { ...row, via: 'token', sessionIdHash: null, csrfToken: null };
}

/** Drops every session of a user (deactivation, password reset). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.userId} = ${userId}`);
}
