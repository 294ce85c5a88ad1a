import { hash, verify } from '@node-rs/argon2';
import { invalid } from '../../platform/errors.ts';

/** Password length bounds (characters). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | null = null;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * Checks a password against a stored hash. With no hash (unknown email, no password set) it
 * still spends the time of one verification, so timing does not tell which emails exist.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('not a real password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** Refuses, on the `password` field, a password that is too short, too long or the user's email. */
export function checkPassword(password: string, email: string): void {
  if (password.length < PASSWORD_MIN) throw invalid('password', `At least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX) throw invalid('password', `At most ${PASSWORD_MAX} characters`);
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) throw invalid('password', 'Must not be your email address');
}
