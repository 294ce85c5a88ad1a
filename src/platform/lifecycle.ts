// Issue 10, decision 0023: readiness for load balancers and a graceful shutdown. On SIGTERM the
// instance says it is not ready, stops accepting connections, lets the requests in flight finish
// (each answered with `Connection: close`, so no client keeps a socket to a closing server), and
// only then closes the database.
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import type { App } from './http.ts';

/** How long the readiness check waits for the database before answering 503. */
const READY_CHECK_MS = 3000;

declare module 'fastify' {
  interface FastifyInstance {
    /** True from the moment a shutdown begins: readiness answers 503, every answer closes its connection. */
    draining: boolean;
  }
}

/** Registers the draining state: while draining, every answer carries `Connection: close`. */
export function registerLifecycle(app: App): void {
  app.decorate('draining', false);
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (app.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/** Refuses (503 NOT_READY) while the server shuts down or the database does not answer `SELECT 1` within 3 s. */
export async function assertReady(app: App, db: Db): Promise<void> {
  if (app.draining) throw new AppError('NOT_READY', 'The server is shutting down');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), READY_CHECK_MS);
  });
  const answered = db.execute(sql`SELECT 1`).then(() => 'ok' as const, () => 'failed' as const);
  const outcome = await Promise.race([answered, late]).finally(() => clearTimeout(timer));
  if (outcome !== 'ok') throw new AppError('NOT_READY', outcome === 'late' ? 'The database does not answer' : 'The database refused the check');
  if (app.draining) throw new AppError('NOT_READY', 'The server is shutting down');
}

/**
 * Shuts the HTTP side down gracefully: readiness fails at once, the listening socket closes, idle
 * keep-alive connections are closed, requests in flight (and any that arrive on their
 * connections) are served with `Connection: close`. After `deadlineMs` the connections still open
 * are cut. Resolves with the number of connections cut, once the server and its onClose hooks are
 * done; the caller then closes the database.
 */
export async function drain(app: App, deadlineMs: number): Promise<{ cut: number }> {
  app.draining = true;
  let cut = 0;
  // A connection whose answer was under way when the drain began went back to idle without
  // `Connection: close`: close those as they appear instead of waiting for the keep-alive timeout.
  const reaper = setInterval(() => app.server.closeIdleConnections(), 500);
  const timer = setTimeout(() => {
    app.server.getConnections((_error, count) => {
      cut = count;
      app.server.closeAllConnections();
    });
  }, deadlineMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
    clearInterval(reaper);
  }
  return { cut };
}
