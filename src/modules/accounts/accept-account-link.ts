import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { inTransaction, type Db, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { LinkKind } from './issue-account-link.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { createSession, deleteUserSessions, type SessionLimits, type SignedIn } from './sessions.ts';
import { accountLinks, users } from './tables.ts';
import { secretHash } from './tokens.ts';

export interface OpenLink {
  kind: LinkKind;
  name: string;
  email: string;
  expiresAt: string;
}

/** The link behind a token while it can be used: unused, not expired, its user active. */
async function openLink(db: Executor, token: string) {
  const [row] = await db
    .select({ id: accountLinks.id, userId: accountLinks.userId, kind: accountLinks.kind, expiresAt: accountLinks.expiresAt, name: users.name, email: users.email })
    .from(accountLinks)
    .innerJoin(users, eq(users.id, accountLinks.userId))
    .where(and(eq(accountLinks.tokenHash, secretHash(token)), isNull(accountLinks.usedAt), gt(accountLinks.expiresAt, sql`now()`), eq(users.active, true)));
  return row ?? null;
}

/** What an invitation or reset page shows (public): 404 when the link is unknown, used or expired. */
export async function getOpenLink(db: Db, token: string): Promise<OpenLink> {
  const link = await openLink(db, token);
  if (!link) throw notFound('Link');
  return { kind: link.kind, name: link.name, email: link.email, expiresAt: link.expiresAt.toISOString() };
}

/**
 * Uses a link: sets the user's password (10–200 characters, not their email), marks the link
 * used (a second use is a 404), ends the user's other sessions and signs them in.
 */
export async function acceptAccountLink(db: Db, token: string, password: string, limits: SessionLimits): Promise<SignedIn> {
  const found = await openLink(db, token);
  if (!found) throw notFound('Link');
  checkPassword(password, found.email);
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    // The user first (like deactivation does), then the link: one lock order, no deadlock.
    const [user] = await tx.select({ id: users.id, role: users.role }).from(users).where(and(eq(users.id, found.userId), eq(users.active, true))).for('update');
    const [used] = await tx
      .update(accountLinks)
      .set({ usedAt: sql`now()` })
      .where(and(eq(accountLinks.id, found.id), isNull(accountLinks.usedAt), gt(accountLinks.expiresAt, sql`now()`)))
      .returning({ id: accountLinks.id });
    if (!user || !used) throw notFound('Link');
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await deleteUserSessions(tx, user.id);
    return { userId: user.id, role: user.role, ...(await createSession(tx, user.id, limits)) };
  });
}
