import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type SessionLimits } from './sessions.ts';
import { findUserForLogin } from './users.ts';

/**
 * Signs a user in: checks the password (argon2id) and opens a new session. An unknown email, an
 * inactive user and a wrong password get the same answer, after the same work.
 */
export async function login(db: Db, email: string, password: string, limits: SessionLimits): Promise<{ userId: number; token: string; csrfToken: string }> {
  const user = await findUserForLogin(db, email);
  const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  return { userId: user.id, ...(await createSession(db, user.id, limits)) };
}
