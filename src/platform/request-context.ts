import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The acting user of the current request, kept for the whole asynchronous life of the request so
 * the database layer can stamp every write transaction with it (`deskbill.actor`, read by the
 * audit triggers) without each use case passing it down. Outside a request (demo seeding, the
 * CLI, tests writing directly) there is no actor: the audit trail records the system.
 */
interface RequestContext {
  actorId: number | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (the rest of a request) with a fresh context. */
export function runInRequestContext(fn: () => void): void {
  storage.run({ actorId: null }, fn);
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
