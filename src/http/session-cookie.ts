import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth-hook.ts';

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries
 * it), Secure when the request came over HTTPS (directly, or per X-Forwarded-Proto behind a
 * trusted proxy), and no longer than the session's absolute lifetime.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxMinutes: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxMinutes * 60,
  });
}
