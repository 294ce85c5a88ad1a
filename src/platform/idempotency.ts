// Issue 10, decision 0022: `Idempotency-Key` on POST. A client that retries after a timeout or a
// dropped answer sends the same key, and gets the first answer instead of a second entry, invoice
// or post.
//
// A POST with a key runs, from its pre-handler to its answer, in ONE transaction, which also writes
// the answer under (user, key): the change and the stored answer commit together, or neither does.
// So there is no moment where the work is done but its answer is lost: a process killed before the
// commit did nothing (the retry does the work), one killed after it left the answer (the retry gets
// it). Every statement of the request goes to that transaction (`requestScoped` in db.ts).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from './db.ts';
import { AppError, invalid } from './errors.ts';
import { API_PREFIX, type App } from './http.ts';
import { setRequestTransaction } from './request-context.ts';

const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const LIFETIME = sql`interval '24 hours'`;
/** Advisory lock class of idempotency keys (with a hash of user and key): one instance at a time runs a key. */
const LOCK_CLASS = 7_340_212;

interface StoredAnswer {
  request_hash: string;
  status: number;
  content_type: string;
  response: string;
}

interface Outcome {
  status: number;
  contentType: string;
  response: string;
}

/** What an idempotent request carries between its pre-handler and its answer. */
interface Running {
  finish(outcome: Outcome | null): void;
  committed: Promise<unknown>;
  ended: boolean;
}

/** Answers that are stored: successes and refusals that do not depend on the moment (not 409, not 429). */
export const storesAnswer = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 409 && status !== 429);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The request a key was first used with: method, path and query, and the parsed body. */
function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

class InProgress extends Error {}

/**
 * Starts the request's transaction: takes the key's advisory lock (another instance running the
 * same key: 409), reads a live stored answer (then ends, nothing written), or makes the rest of the
 * request run in the transaction and waits for its outcome, which it stores before committing.
 */
function begin(db: Db, userId: number, key: string, hash: string): { ready: Promise<StoredAnswer | null>; running: Running } {
  const ready = deferred<StoredAnswer | null>();
  const outcome = deferred<Outcome | null>();
  const committed = db.transaction(async (tx: Tx) => {
    await tx.execute(sql`SELECT set_config('deskbill.actor', ${String(userId)}, true)`);
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`
      SELECT pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${`${userId}:${key}`})) AS locked`);
    if (!lock?.locked) throw new InProgress();
    const [stored] = await queryRows<StoredAnswer>(tx, sql`
      SELECT request_hash, status, content_type, response FROM idempotency_keys
       WHERE user_id = ${userId} AND key = ${key} AND created_at > now() - ${LIFETIME}`);
    if (stored) {
      ready.resolve(stored);
      return;
    }
    setRequestTransaction(tx);
    ready.resolve(null);
    const result = await outcome.promise;
    setRequestTransaction(null);
    if (!result) throw new Rollback();
    await tx.execute(sql`DELETE FROM idempotency_keys WHERE user_id = ${userId} AND created_at <= now() - ${LIFETIME}`);
    await tx.execute(sql`
      INSERT INTO idempotency_keys (user_id, key, request_hash, status, content_type, response)
      VALUES (${userId}, ${key}, ${hash}, ${result.status}, ${result.contentType}, ${result.response})`);
  });
  return { ready: Promise.race([ready.promise, committed.then(() => null)]), running: { finish: outcome.resolve, committed, ended: false } };
}

class Rollback extends Error {}

declare module 'fastify' {
  interface FastifyRequest {
    idempotent: Running | null;
  }
}

/** Registers the Idempotency-Key handling of authenticated POSTs under the API prefix. */
export function registerIdempotency(app: App, db: Db): void {
  // Keys being run by this process (PGlite has one session, so its advisory locks cannot tell two requests apart).
  const inFlight = new Set<string>();
  app.decorateRequest('idempotent', null);

  app.addHook('preHandler', (request, reply, done) => {
    const key = request.headers[HEADER];
    if (key === undefined || request.method !== 'POST' || !request.auth || !request.url.startsWith(API_PREFIX)) return done();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return done(invalid(HEADER, 'An Idempotency-Key is 1 to 255 visible ASCII characters'));
    const userId = request.auth.userId;
    const slot = `${userId}:${key}`;
    if (inFlight.has(slot)) return done(new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry later'));
    inFlight.add(slot);
    const hash = requestHash(request.method, request.url, request.body);
    const { ready, running } = begin(db, userId, key, hash);
    running.committed.catch(() => {}).finally(() => inFlight.delete(slot));
    ready.then(
      (stored) => {
        if (!stored) {
          request.idempotent = running;
          return done();
        }
        if (stored.request_hash !== hash) return done(new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request'));
        void reply.code(stored.status).header('idempotent-replayed', 'true').type(stored.content_type).send(stored.response);
      },
      (error: unknown) => done(error instanceof InProgress ? new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry later') : (error as Error)),
    );
  });

  // The answer is ready: store it and commit (or roll back), then let it go. A commit that fails
  // (a guard checked at commit, a lost connection) answers that error instead: nothing was done.
  app.addHook('onSend', (request, reply, payload, done) => {
    const running = request.idempotent;
    if (!running || running.ended) return done(null, payload);
    running.ended = true;
    const status = reply.statusCode;
    const keep = storesAnswer(status) && typeof payload === 'string';
    running.finish(keep ? { status, contentType: String(reply.getHeader('content-type') ?? 'application/json'), response: payload } : null);
    // Nothing to store (an error, a 409): the answer stands even when the rollback itself fails (the
    // connection was cut: PostgreSQL rolled the transaction back), not Fastify's bare error shape.
    running.committed.then(
      () => done(null, payload),
      (error: unknown) => (error instanceof Rollback || !keep ? done(null, payload) : done(error as Error)),
    );
  });

  // An answer that never reached onSend (the client went away mid-request): roll back.
  app.addHook('onResponse', (request, _reply, done) => {
    const running = request.idempotent;
    if (running && !running.ended) {
      running.ended = true;
      running.finish(null);
    }
    done();
  });
}
