import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../../platform/db.ts';
import { RetryLater } from '../../platform/errors.ts';
import { FixedWindowLimiter } from '../../platform/rate-limit.ts';
import { insertLink, type LinkSettings } from './issue-account-link.ts';
import { users } from './tables.ts';
import { normaliseEmail } from './users.ts';

export interface ResetRequestLimits {
  /** Window of the counts below, in seconds. */
  windowSeconds: number;
  /** Requests per e-mail address in a window that send a mail; more are answered alike and send nothing. */
  perEmail: number;
  /** Requests per client address in a window; more get 429. */
  perAddress: number;
  /** Every answer takes at least this long, whether a mail was queued or not. */
  minimumMs: number;
  /** Minutes a requested link stays valid. */
  validityMinutes: number;
}

export const RESET_REQUEST_LIMITS: ResetRequestLimits = { windowSeconds: 3600, perEmail: 3, perAddress: 20, minimumMs: 250, validityMinutes: 60 };

/**
 * R70: the self-service password reset request. Answers the same (nothing) for any e-mail: an
 * active user with that address gets a one-time reset link by mail (through the outbox), valid
 * `validityMinutes`, replacing their unused links; their password keeps working until the link is
 * used. Unknown and deactivated addresses, and an address asked for more than `perEmail` times in
 * a window, get nothing, in at least the same `minimumMs`. A client address over `perAddress`
 * gets 429 RATE_LIMITED, which says nothing about any account.
 */
export function passwordResetRequests(db: Db, settings: LinkSettings, limits: ResetRequestLimits = RESET_REQUEST_LIMITS) {
  const perEmail = new FixedWindowLimiter(limits.perEmail, limits.windowSeconds * 1000);
  const perAddress = new FixedWindowLimiter(limits.perAddress, limits.windowSeconds * 1000);
  return async function requestPasswordReset(email: string, clientAddress: string, now = new Date()): Promise<void> {
    const wait = perAddress.hit(clientAddress);
    if (wait !== null) throw new RetryLater('RATE_LIMITED', `Too many requests; try again in ${wait} seconds`, wait);
    const started = Date.now();
    const address = normaliseEmail(email);
    if (perEmail.hit(address) === null) {
      const expiresAt = new Date(now.getTime() + limits.validityMinutes * 60_000);
      await inTransaction(db, async (tx) => {
        const [user] = await tx.select().from(users).where(and(eq(users.email, address), eq(users.active, true))).for('update');
        if (user) await insertLink(tx, user, 'requested', null, expiresAt, settings);
      });
    }
    await sleep(Math.max(0, limits.minimumMs - (Date.now() - started)));
  };
}
