import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The acting user of the current request, kept for the whole asynchronous life of the request so
 * the database layer can stamp every write transaction with it (`deskbill.actor`, read by the
 * audit triggers) without each use case passing it down. Outside a request (demo seeding, the
 * CLI, tests writing directly) there is no actor: the audit trail records the system.
 */
interface RequestContext {
  actorId: number | null;
  /**
   * The transaction the whole request runs in, when it has one (a request with an Idempotency-Key:
   * its change, its answer and the stored answer commit together). The database handle routes
   * every statement of the request to it (`requestScoped` in db.ts).
   */
  transaction: unknown;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (the rest of a request) with a fresh context. */
export function runInRequestContext(fn: () => void): void {
  storage.run({ actorId: null, transaction: null }, fn);
}

/**
 * Runs `fn` outside any request with `transaction` as its context's transaction: every statement
 * it makes through the database handle goes there (`inOneTransaction` in db.ts).
 */
export function runInTransactionContext<T>(transaction: unknown, fn: () => Promise<T>): Promise<T> {
  return storage.run({ actorId: null, transaction }, fn);
}

/** Makes the rest of the current request run its statements in `transaction` (null: back to the pool). */
export function setRequestTransaction(transaction: unknown): void {
  const context = storage.getStore();
  if (!context) throw new Error('setRequestTransaction outside a request');
  context.transaction = transaction;
}

/** The transaction the current request runs in, or null. */
export function currentRequestTransaction(): unknown {
  return storage.getStore()?.transaction ?? null;
}

/** Records who is acting in the current request (the auth hook, once the caller is known). */
export function setRequestActor(userId: number): void {
  const context = storage.getStore();
  if (context) context.actorId = userId;
}

/** The acting user of the current request, or null for the system. */
export function currentActorId(): number | null {
  return storage.getStore()?.actorId ?? null;
}
