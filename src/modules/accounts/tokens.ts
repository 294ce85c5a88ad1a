import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret of 256 bits, URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What we store for a secret: its SHA-256, so a database leak does not leak live sessions. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
