import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { reserveAttempt, type ThrottleLimits } from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type SessionLimits, type SignedIn } from './sessions.ts';
import { findUserForLogin, normaliseEmail } from './users.ts';

export interface LoginInput {
  email: string;
  password: string;
  /** The client's address (per-address throttling). */
  address: string;
}

/**
 * Signs a user in: counts the attempt against the login throttle (429 `TOO_MANY_ATTEMPTS` before
 * any hashing), checks the password (argon2id) and opens a new session. An unknown email, an
 * inactive user and a wrong password get the same answer, after the same work.
 */
export async function login(db: Db, input: LoginInput, limits: SessionLimits, throttle: ThrottleLimits, now = new Date()): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const attempt = await reserveAttempt(db, email, input.address, throttle, now);
  const user = await findUserForLogin(db, email);
  const ok = await verifyPassword(user?.active ? user.passwordHash : null, input.password);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  await attempt.succeeded();
  return { userId: user.id, role: user.role, ...(await createSession(db, user.id, limits)) };
}
