import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedRows, type Db, type Executor } from '../../platform/db.ts';
import type { AuthContext, Role } from '../../platform/http.ts';
import { accountLinks, apiTokens, sessions } from './tables.ts';
import { newSecret, secretHash } from './tokens.ts';

export interface SessionLimits {
  idleMinutes: number;
  maxMinutes: number;
}

/** A new session: the cookie value and CSRF token to give the client, and who it is. */
export interface SignedIn {
  userId: number;
  role: Role;
  token: string;
  csrfToken: string;
}

/** Opens a session for a user: returns the cookie value and the CSRF token to give the client. */
export async function createSession(db: Executor, userId: number, limits: SessionLimits): Promise<{ token: string; csrfToken: string }> {
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
  const [row] = await preparedRows<{ user_id: number; role: Role; customer_id: number | null; csrf_token: string; idle_seconds: number }>(db, 'deskbill_resolve_session', `
    SELECT u.id AS user_id, u.role, u.customer_id AS customer_id, s.csrf_token,
           extract(epoch FROM now() - s.last_seen_at)::int AS idle_seconds
      FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now() AND u.active`, [idHash]);
  if (!row) return null;
  if (row.idle_seconds > limits.idleMinutes * 60) {
    await deleteSession(db, idHash);
    return null;
  }
  // Touch at most once a minute: a session read should not be a write on every request.
  if (row.idle_seconds > 60) await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, idHash));
  return { userId: row.user_id, role: row.role, customerId: row.customer_id, via: 'session', sessionIdHash: idHash, csrfToken: row.csrf_token };
}

/** Creates an API token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Db, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = newSecret('dbk_');
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: secretHash(token) }).returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/** Resolves a Bearer token to its caller, or null. */
export async function resolveApiToken(db: Db, token: string): Promise<AuthContext | null> {
  const [row] = await preparedRows<{ user_id: number; role: Role; customer_id: number | null }>(db, 'deskbill_resolve_token', `
    SELECT u.id AS user_id, u.role, u.customer_id AS customer_id
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`, [secretHash(token)]);
  if (!row) return null;
  return { userId: row.user_id, role: row.role, customerId: row.customer_id, via: 'token', sessionIdHash: null, csrfToken: null };
}

/** Drops every session of a user (new password, password reset). */
export async function deleteUserSessions(db: Executor, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/**
 * Ends every way a user gets in (deactivation, password reset): their sessions, their API tokens
 * (revoked, not deleted, so they stay revoked if the user comes back) and their unused links.
 */
export async function endCredentials(db: Executor, userId: number): Promise<void> {
  await deleteUserSessions(db, userId);
  await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  await db.delete(accountLinks).where(and(eq(accountLinks.userId, userId), isNull(accountLinks.usedAt)));
}
