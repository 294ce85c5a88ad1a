import { and, asc, count, eq, gt, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { RetryLater } from '../../platform/errors.ts';
import { loginFailures } from './tables.ts';
import { secretHash } from './tokens.ts';

/** How many failed sign-ins are allowed per account and per client address in a sliding window. */
export interface ThrottleLimits {
  windowSeconds: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

/** A refused sign-in: too many failures lately. `retryAfterSeconds` goes into `Retry-After`. */
export class LoginThrottled extends RetryLater {
  constructor(retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds`, retryAfterSeconds);
  }
}

/** What the caller does once the password was checked. */
export interface Attempt {
  /** The password was right: the account's failures are forgotten, this attempt does not count. */
  succeeded(): Promise<void>;
}

type Scope = 'account' | 'address';

function keyOf(scope: Scope, value: string): { scope: Scope; keyHash: string } {
  return { scope, keyHash: secretHash(`${scope}:${value}`) };
}

const sameKey = (k: { scope: Scope; keyHash: string }) => and(eq(loginFailures.scope, k.scope), eq(loginFailures.keyHash, k.keyHash));

/**
 * Counts a sign-in attempt against the account (normalised email) and the client address
 * *before* the password is hashed, and refuses it when either already has its maximum of
 * failures in the window. The attempt is written first and counted after, so concurrent attempts
 * cannot all slip through between a check and a write; a refused attempt is removed again, so a
 * burst does not extend the wait. Example: with 10 per account, the 11th wrong password within
 * 5 minutes gets 429 until the oldest failure is 5 minutes old.
 */
export async function reserveAttempt(db: Db, email: string, address: string, limits: ThrottleLimits, now: Date): Promise<Attempt> {
  const account = keyOf('account', email);
  const client = keyOf('address', address);
  const since = new Date(now.getTime() - limits.windowSeconds * 1000);
  await db.delete(loginFailures).where(lt(loginFailures.failedAt, since));
  const reserved = (await db.insert(loginFailures).values([{ ...account, failedAt: now }, { ...client, failedAt: now }]).returning({ id: loginFailures.id })).map((r) => r.id);
  const counts = await db
    .select({ scope: loginFailures.scope, n: count() })
    .from(loginFailures)
    .where(and(or(sameKey(account), sameKey(client)), gt(loginFailures.failedAt, since)))
    .groupBy(loginFailures.scope);
  const countOf = (scope: Scope) => Number(counts.find((c) => c.scope === scope)?.n ?? 0);
  const over = [
    { key: account, n: countOf('account'), max: limits.maxPerAccount },
    { key: client, n: countOf('address'), max: limits.maxPerAddress },
  ].filter((s) => s.n > s.max);
  if (over.length > 0) {
    await db.delete(loginFailures).where(inArray(loginFailures.id, reserved));
    let waitMs = 0;
    for (const s of over) {
      // Without this attempt there are n - 1 failures; once the (n - max)th oldest leaves the
      // window, fewer than max remain and the next attempt is allowed.
      const [row] = await db.select({ at: loginFailures.failedAt }).from(loginFailures)
        .where(and(sameKey(s.key), gt(loginFailures.failedAt, since)))
        .orderBy(asc(loginFailures.failedAt)).offset(Math.max(0, s.n - 1 - s.max)).limit(1);
      if (row) waitMs = Math.max(waitMs, row.at.getTime() + limits.windowSeconds * 1000 - now.getTime());
    }
    throw new LoginThrottled(Math.max(1, Math.ceil(waitMs / 1000)));
  }
  return {
    async succeeded() {
      await db.delete(loginFailures).where(or(sameKey(account), inArray(loginFailures.id, reserved)));
    },
  };
}
