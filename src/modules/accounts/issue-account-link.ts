import { and, eq, isNull } from 'drizzle-orm';
import { inTransaction, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { queueMail, type MailPayload } from '../../platform/mail.ts';
import { endCredentials } from './sessions.ts';
import { accountLinks, users } from './tables.ts';
import { newSecret, secretHash } from './tokens.ts';

export type LinkKind = 'invite' | 'reset';

export interface LinkSettings {
  /** Base URL of the web app, without a trailing slash. */
  publicUrl: string;
  validityDays: number;
  /** Attempts of the mail's delivery (the outbox's setting). */
  maxAttempts: number;
}

export interface IssuedLink {
  url: string;
  expiresAt: string;
}

/** The web app's page for a link of that kind. */
const PAGE: Record<LinkKind, string> = { invite: 'invite', reset: 'reset-password' };

/** Why the mail is sent: an admin's invitation or reset, or the user's own reset request. */
type MailReason = LinkKind | 'requested';

function mailFor(reason: MailReason, user: { name: string; email: string }, url: string, expiresAt: Date): Omit<MailPayload, 'messageId'> {
  const until = expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const body = {
    invite: `Hello ${user.name},\n\nYou have been invited to Deskbill. Choose your password here:\n\n${url}\n\nThe link works once, until ${until}.\n`,
    reset: `Hello ${user.name},\n\nAn administrator reset your Deskbill password. Choose a new one here:\n\n${url}\n\nThe link works once, until ${until}. Your old password no longer works.\n`,
    requested: `Hello ${user.name},\n\nSomeone, hopefully you, asked to reset your Deskbill password. Choose a new one here:\n\n${url}\n\nThe link works once, until ${until}. If you did not ask for it, ignore this mail: your password stays as it is.\n`,
  }[reason];
  return { to: { name: user.name, email: user.email }, subject: reason === 'invite' ? 'Your invitation to Deskbill' : 'Reset your Deskbill password', body };
}

/**
 * Stores a new link for `user` in place of their unused ones (hashed) and queues its mail in the
 * same transaction: the link and its mail exist together, or neither does.
 */
export async function insertLink(tx: Executor, user: { id: number; name: string; email: string }, reason: MailReason, createdBy: number | null, expiresAt: Date, settings: LinkSettings): Promise<IssuedLink> {
  const kind: LinkKind = reason === 'invite' ? 'invite' : 'reset';
  const token = newSecret();
  const url = `${settings.publicUrl}/${PAGE[kind]}/${token}`;
  await tx.delete(accountLinks).where(and(eq(accountLinks.userId, user.id), isNull(accountLinks.usedAt)));
  await tx.insert(accountLinks).values({ userId: user.id, kind, tokenHash: secretHash(token), createdBy, expiresAt });
  await queueMail(tx, mailFor(reason, user, url, expiresAt), settings);
  return { url, expiresAt: expiresAt.toISOString() };
}

/**
 * Issues a one-time link for a user (admin only): `invite` for a user who has no password yet,
 * `reset` for a new password. A reset ends the user's password, sessions and API tokens at once.
 * The link replaces any unused one, is stored hashed, is queued as a mail and is returned
 * once. Example: `{url: 'https://desk.example/invite/3q…', expiresAt: '2026-11-09T10:00:00.000Z'}`.
 */
export async function issueAccountLink(db: Db, userId: number, kind: LinkKind, issuedBy: number, settings: LinkSettings, now = new Date()): Promise<IssuedLink> {
  const expiresAt = new Date(now.getTime() + settings.validityDays * 86_400_000);
  return inTransaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw notFound('User');
    if (!user.active) throw new AppError('USER_INACTIVE', 'This user is deactivated; reactivate them first');
    if (kind === 'invite' && user.passwordHash) throw new AppError('PASSWORD_ALREADY_SET', 'This user has already chosen a password; reset the password instead');
    if (kind === 'reset') {
      await tx.update(users).set({ passwordHash: null }).where(eq(users.id, userId));
      await endCredentials(tx, userId);
    }
    return insertLink(tx, user, kind, issuedBy, expiresAt, settings);
  });
}
