import { z } from 'zod';
import { policy } from '../platform/access.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, idParams } from '../platform/schemas.ts';
import { acceptAccountLink, getOpenLink, getUser, issueAccountLink, passwordResetRequests, type LinkKind, type SessionLimits } from '../modules/accounts/index.ts';
import { caller } from './auth-hook.ts';
import { me } from './account-schemas.ts';
import { setSessionCookie } from './session-cookie.ts';

const issued = z.object({ url: z.string(), expiresAt: z.string() });
const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });
/** R70: the one answer to every reset request, whoever the address belongs to. */
const RESET_REQUESTED = { message: 'If an active account uses this e-mail address, a link to choose a new password is on its way.' };
const openLink = z.object({ kind: z.enum(['invite', 'reset']), name: z.string(), email: z.string(), expiresAt: z.string() });

/** Invitations and password resets: one-time links issued by admins or asked for by their user (R70), opened without signing in. */
export function registerLinkRoutes(app: App, db: Db, config: Config, limits: SessionLimits): void {
  const p = API_PREFIX;
  const settings = { publicUrl: config.publicUrl, validityDays: config.linkValidityDays, maxAttempts: config.outboxMaxAttempts };

  const issue = (path: string, kind: LinkKind) =>
    app.post(`${p}/users/:id/${path}`, {
      config: { access: policy.admin },
      schema: { tags: ['users'], params: idParams, response: { 201: issued, ...errorResponses } },
    }, async (request, reply) => reply.status(201).send(await issueAccountLink(db, Number(request.params.id), kind, caller(request).userId, settings)));
  issue('invitations', 'invite');
  issue('password-reset', 'reset');

  const requestPasswordReset = passwordResetRequests(db, settings);
  app.post(`${p}/auth/password-reset-request`, {
    config: { access: policy.public },
    schema: { tags: ['auth'], body: z.strictObject({ email: z.string().min(1).max(254) }), response: { 202: z.object({ message: z.string() }), ...errorResponses } },
  }, async (request, reply) => {
    await requestPasswordReset(request.body.email, request.ip);
    return reply.status(202).send(RESET_REQUESTED);
  });

  app.get(`${p}/invitations/:token`, {
    config: { access: policy.public },
    schema: { tags: ['users'], params: tokenParams, response: { 200: openLink, ...errorResponses } },
  }, async (request) => getOpenLink(db, request.params.token));

  app.post(`${p}/invitations/:token/accept`, {
    config: { access: policy.public },
    schema: { tags: ['users'], params: tokenParams, body: z.strictObject({ password: z.string().max(1000) }), response: { 200: me, ...errorResponses } },
  }, async (request, reply) => {
    const session = await acceptAccountLink(db, request.params.token, request.body.password, limits);
    setSessionCookie(request, reply, session.token, limits.maxMinutes);
    return { user: await getUser(db, session.userId, session), csrfToken: session.csrfToken };
  });
}
