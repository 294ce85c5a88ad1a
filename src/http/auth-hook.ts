import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { roleAllowed } from '../platform/access.ts';
import type { App, AuthContext } from '../platform/http.ts';
import { setRequestActor } from '../platform/request-context.ts';
import { resolveApiToken, resolveSession, type SessionLimits } from '../modules/accounts/index.ts';

export const SESSION_COOKIE = 'deskbill_session';
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * The single place where access is enforced: every API route declares `config.access`; this
 * hook resolves the caller (session cookie or Bearer token), checks CSRF for cookie-authenticated
 * unsafe requests, and refuses what the declaration does not allow.
 */
export function registerAuthHook(app: App, db: Db, limits: SessionLimits): void {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const header = request.headers.authorization;
    let auth: AuthContext | null;
    if (header !== undefined) {
      const match = /^Bearer (\S{1,200})$/.exec(header);
      auth = match?.[1] ? await resolveApiToken(db, match[1]) : null;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      auth = token && token.length <= 200 ? await resolveSession(db, token, limits) : null;
      if (auth && UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== auth.csrfToken) {
        throw new AppError('CSRF_FAILED', 'Missing or wrong X-CSRF-Token header');
      }
    }
    if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    request.auth = auth; // known from here on, also to the security log of a refusal
    if (!roleAllowed(access, auth.role)) throw new AppError('FORBIDDEN', 'Your role may not do this');
    setRequestActor(auth.userId);
  });
}

/** The caller of an authenticated route (the hook guarantees it is set). */
export function caller(request: { auth: AuthContext | null }): AuthContext {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.auth;
}
