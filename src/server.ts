import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { registerApiRoutes, registerAuthHook } from './http/index.ts';
import { policy } from './platform/access.ts';
import type { Config } from './platform/config.ts';
import type { Db } from './platform/db.ts';
import { API_PREFIX, createHttp, type App, type HttpOptions } from './platform/http.ts';
import { armFailpoints, failpoint } from './platform/failpoints.ts';
import { registerIdempotency } from './platform/idempotency.ts';
import { assertReady, registerLifecycle } from './platform/lifecycle.ts';
import { MAIL_KIND, mailHandler } from './platform/mail.ts';
import { createOutboxWorker } from './platform/outbox.ts';
import { registerRateLimit } from './platform/rate-limit.ts';
import { INVOICE_PDF_ATTACHMENT, invoicePdf } from './modules/invoicing/index.ts';
import { WEBHOOK_KIND, webhookHandler } from './modules/webhooks/index.ts';
import { errorBody } from './platform/schemas.ts';

/** Serves the built web app (web/dist) when present, with index.html for client-side routes. */
async function serveWeb(app: App, webDir: string): Promise<void> {
  const root = resolve(webDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    // No web build yet: say where the API is rather than answering a bare 404.
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html').send('<!doctype html><meta charset="utf-8"><title>Deskbill</title><h1>Deskbill</h1><p>The API is running: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>, health at <a href="/api/v1/health">/api/v1/health</a>.</p>'),
    );
    return;
  }
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, { root, wildcard: false });
  const html = readFileSync(index);
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    // Unknown API routes and missing build files are 404s, not the app's HTML.
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return reply.callNotFound();
    return reply.type('text/html').send(html);
  });
}

/**
 * The outbox worker of this process (decision 0025), with a handler per kind of delivery: mail
 * (SMTP or .eml files) with the attachments it may carry, and webhooks (decision 0028). Woken after each write request, stopped
 * (its delivery under way recorded) when the server closes.
 */
function registerOutbox(app: App, db: Db, config: Config): void {
  const attachments = {
    [INVOICE_PDF_ATTACHMENT]: async (invoiceId: number) => {
      const { filename, pdf } = await invoicePdf(db, invoiceId);
      return { filename, contentType: 'application/pdf', content: pdf };
    },
  };
  const handlers = {
    [MAIL_KIND]: mailHandler({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom }, attachments),
    [WEBHOOK_KIND]: webhookHandler(db, { timeoutMs: config.webhookTimeoutMs }),
  };
  const worker = createOutboxWorker(db, handlers, {
    retrySeconds: config.outboxRetrySeconds, leaseSeconds: config.outboxLeaseSeconds, pollMs: config.outboxPollMs,
    start: config.outboxWorker, log: (line) => app.log.warn(line),
  });
  app.decorate('outbox', worker);
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET') worker.wake();
    done();
  });
  app.addHook('onClose', async () => worker.stop());
}

/** Builds the whole application on an open, migrated database: every module's routes, auth, OpenAPI. */
export async function buildServer(db: Db, config: Config, logStream?: HttpOptions['logStream']): Promise<App> {
  const app = await createHttp({
    logLevel: config.logLevel, trustProxy: config.trustProxy, logStream,
    timeouts: { requestSeconds: config.requestTimeoutSeconds, headersSeconds: config.headersTimeoutSeconds, keepAliveSeconds: config.keepAliveTimeoutSeconds },
  });
  registerLifecycle(app);
  // Before the auth hook: an address over its limit is refused before its credentials are looked up.
  registerRateLimit(app, { windowSeconds: config.rateLimitWindowSeconds, perUser: config.rateLimitPerUser, perAddress: config.rateLimitPerAddress });
  registerAuthHook(app, db, { idleMinutes: config.sessionIdleMinutes, maxMinutes: config.sessionMaxMinutes });
  registerIdempotency(app, db);
  armFailpoints(config.failpoints);
  if (config.failpoints.length > 0) process.stderr.write(`DESKBILL_FAILPOINTS=${config.failpoints.join(',')}: this process kills itself at these points. For tests only.\n`);
  // After the idempotency hook, which answers only once the request's transaction committed.
  if (config.failpoints.includes('http.after-commit')) {
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.method !== 'GET' && reply.statusCode < 300) failpoint('http.after-commit');
      done(null, payload);
    });
  }

  // Liveness (the process answers) and readiness (it can serve: database up, not shutting down);
  // neither is rate limited, so a flood never makes a load balancer take the instance out.
  const probe = { access: policy.public, rateLimit: false } as const;
  app.get(`${API_PREFIX}/health`, { config: probe, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get(`${API_PREFIX}/health/ready`, { config: probe, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ready') }), 503: errorBody } } }, async () => {
    await assertReady(app, db);
    return { status: 'ready' as const };
  });
  registerApiRoutes(app, db, config);
  registerOutbox(app, db, config);
  app.get(`${API_PREFIX}/openapi.json`, { config: { access: policy.public }, schema: { hide: true } }, async () => app.swagger());
  await serveWeb(app, config.webDir);
  await app.ready();
  return app;
}
