// Issue 11, decision 0025: the durable outbox. Whatever leaves the building (a mail, a webhook
// call) is a row of `outbox`, written by `enqueue` in the transaction of the change that causes
// it: rolled back together, or committed together. A worker in each server process claims due
// rows with FOR UPDATE SKIP LOCKED (two instances never claim the same row), delivers each through
// the handler of its kind, and records the outcome: `sent`, or back to `queued` with a backoff, or
// `failed` after its last attempt or a permanent refusal. A claim is a lease: a worker killed
// between its claim and its record leaves a `running` row that is claimed again once the lease
// runs out (so a message is delivered at least once; the handlers make a repeat harmless where
// they can: a stable Message-ID, a webhook's stable id). Never stuck: every row ends sent or failed.
import { sql } from 'drizzle-orm';
import { isoTimestamp, queryRows, type Db, type Executor } from './db.ts';
import { failpoint } from './failpoints.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's outbox worker (server.ts). */
    outbox: OutboxWorker;
  }
}

export type OutboxState = 'queued' | 'running' | 'sent' | 'failed';

export interface OutboxJob<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
}

/** A delivery's outcome as the other side gave it (the SMTP server's reply, an HTTP status line). */
export interface Delivered {
  response: string;
}

/** A failed delivery: retried later unless `permanent` (the other side refused for good) or it was the last attempt. */
export class DeliveryError extends Error {
  constructor(readonly response: string, readonly permanent = false) {
    super(response);
    this.name = 'DeliveryError';
  }
}

/** Delivers one job of a kind; throws (a DeliveryError, or anything: retried) when it did not. */
export type OutboxHandler = (job: OutboxJob) => Promise<Delivered>;

export interface OutboxOptions {
  /** Seconds before the first retry; each next one waits twice as long, at most an hour. */
  retrySeconds: number;
  /** Seconds a claim holds a row: a delivery taking longer is cut, and the row can be claimed again. */
  leaseSeconds: number;
  /** Milliseconds between looks for due rows when nothing woke the worker. */
  pollMs: number;
  log?: (line: string) => void;
}

/** The longest wait between two attempts. */
const MAX_BACKOFF_SECONDS = 3600;
/** A reply kept on a row is cut to this many characters. */
const RESPONSE_LIMIT = 2000;
/** Rows claimed by one look. */
const BATCH = 10;

/** Set when this process queued something since the last wake: only then does a write request wake the worker. */
let queuedHere = false;

/** Says that this process queued outbox rows by other means than `enqueue` (the SQL of webhook_emit): the next wake looks for them. */
export function markQueued(): void {
  queuedHere = true;
}

/**
 * Writes a job to deliver after the transaction of `db` commits (nothing, if it rolls back). The
 * payload is JSON; whatever is big or changes (a PDF) is referred to, and built at delivery.
 */
export async function enqueue(db: Executor, job: { kind: string; payload: unknown; maxAttempts: number }): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`
    INSERT INTO outbox (kind, payload, max_attempts) VALUES (${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.maxAttempts}) RETURNING id`);
  queuedHere = true;
  return row!.id;
}

/** Seconds to wait after failed attempt number `attempt` (1, 2, …): retrySeconds × 2^(attempt−1), at most an hour. */
export function backoffSeconds(retrySeconds: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, retrySeconds * 2 ** Math.min(attempt - 1, 20));
}

const cut = (text: string) => (text.length > RESPONSE_LIMIT ? `${text.slice(0, RESPONSE_LIMIT - 1)}…` : text);

interface ClaimedRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims up to `limit` due rows for `leaseSeconds`: queued rows whose time came, and running rows
 * whose lease ran out (their worker died). `run_at` of a running row is the end of its lease. A
 * row whose last attempt's lease ran out is failed, not claimed again.
 */
async function claim(db: Db, leaseSeconds: number, limit: number): Promise<OutboxJob[]> {
  await db.execute(sql`
    UPDATE outbox SET state = 'failed', finished_at = now(),
           last_response = coalesce(last_response || ' / ', '') || 'the worker stopped during the last attempt'
     WHERE id IN (SELECT id FROM outbox WHERE state = 'running' AND run_at <= now() AND attempts >= max_attempts
                   FOR UPDATE SKIP LOCKED)`);
  const rows = await queryRows<ClaimedRow>(db, sql`
    UPDATE outbox SET state = 'running', attempts = attempts + 1, run_at = now() + make_interval(secs => ${leaseSeconds})
     WHERE id IN (SELECT id FROM outbox WHERE state IN ('queued', 'running') AND run_at <= now() AND attempts < max_attempts
                   ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload, attempts, max_attempts`);
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, attempt: r.attempts, maxAttempts: r.max_attempts }));
}

/**
 * Records a delivery's outcome, only if the row is still this attempt's (a row whose lease ran
 * out and was claimed again belongs to the newer attempt: this late outcome is dropped).
 */
async function record(db: Db, job: OutboxJob, outcome: { ok: true; response: string } | { ok: false; response: string; permanent: boolean }, retrySeconds: number): Promise<void> {
  const response = cut(outcome.response);
  if (outcome.ok) {
    await db.execute(sql`
      UPDATE outbox SET state = 'sent', finished_at = now(), last_response = ${response}
       WHERE id = ${job.id} AND state = 'running' AND attempts = ${job.attempt}`);
    return;
  }
  const final = outcome.permanent || job.attempt >= job.maxAttempts;
  await db.execute(sql`
    UPDATE outbox SET state = ${final ? 'failed' : 'queued'}, last_response = ${response},
           finished_at = ${final ? sql`now()` : sql`NULL`},
           run_at = now() + make_interval(secs => ${backoffSeconds(retrySeconds, job.attempt)})
     WHERE id = ${job.id} AND state = 'running' AND attempts = ${job.attempt}`);
}

/** Runs `work`, or gives up after `ms` (the lease must not run out while a delivery still runs). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeliveryError(`no outcome within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function deliver(db: Db, handlers: Record<string, OutboxHandler>, job: OutboxJob, options: OutboxOptions): Promise<void> {
  failpoint('outbox.after-claim');
  const handler = handlers[job.kind];
  let outcome: Parameters<typeof record>[2];
  if (!handler) {
    outcome = { ok: false, response: `no handler for "${job.kind}" in this server`, permanent: false };
  } else {
    try {
      // The lease, less a margin for recording the outcome.
      const { response } = await within(Math.max(1000, (options.leaseSeconds - 5) * 1000), handler(job));
      outcome = { ok: true, response };
    } catch (error) {
      const e = error as Error;
      outcome = { ok: false, response: e instanceof DeliveryError ? e.response : `${e.name}: ${e.message}`, permanent: e instanceof DeliveryError && e.permanent };
    }
  }
  await record(db, job, outcome, options.retrySeconds);
  if (!outcome.ok) options.log?.(`outbox ${job.kind} #${job.id} attempt ${job.attempt}/${job.maxAttempts}: ${outcome.response}`);
}

export interface OutboxWorker {
  /** Look for due rows now, if this process queued any since the last wake (called after each write request). */
  wake(): void;
  /** Delivers every row due now, then resolves: for tests and the CLI. */
  runDue(): Promise<number>;
  /** Stops looking; resolves once the deliveries under way are recorded. */
  stop(): Promise<void>;
}

/**
 * The worker of one process: looks for due rows every `pollMs` or when woken, and delivers them
 * one after another. `start: false` builds it without its loop (deliveries only through runDue).
 */
export function createOutboxWorker(db: Db, handlers: Record<string, OutboxHandler>, options: OutboxOptions & { start: boolean }): OutboxWorker {
  let stopped = !options.start;
  let wakeUp: (() => void) | null = null;
  // A wake that came during a pass: the loop makes another pass at once instead of waiting.
  let wokenDuringPass = false;
  let running: Promise<number> = Promise.resolve(0);

  const runDue = (): Promise<number> => {
    // One pass at a time in a process: a wake during a pass is served by the next pass.
    running = running.catch(() => 0).then(async () => {
      let delivered = 0;
      for (;;) {
        const jobs = await claim(db, options.leaseSeconds, BATCH);
        for (const job of jobs) await deliver(db, handlers, job, options);
        delivered += jobs.length;
        if (jobs.length < BATCH) return delivered;
      }
    });
    return running;
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await runDue();
      } catch (error) {
        // The database is away (a restart): look again at the next tick.
        options.log?.(`outbox: ${(error as Error).message}`);
      }
      if (stopped) break;
      if (wokenDuringPass) {
        wokenDuringPass = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  };
  const looping = stopped ? Promise.resolve() : loop();

  return {
    wake: () => {
      if (!queuedHere) return;
      queuedHere = false;
      if (wakeUp) wakeUp();
      else wokenDuringPass = true;
    },
    runDue,
    async stop() {
      stopped = true;
      wakeUp?.();
      await looping;
      await running.catch(() => 0);
    },
  };
}

/** A row as the readers show it: the delivery's state and the other side's last reply. */
export interface OutboxStatus {
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastResponse: string | null;
  finishedAt: string | null;
}

/** A running row reads as queued: for the people watching, it has not gone yet. */
const deliveryState = (state: OutboxState): OutboxStatus['state'] => (state === 'running' ? 'queued' : state);

/** The columns a delivery log reads of its outbox row, joined as `o` (see `outboxStatus`). */
export const OUTBOX_STATUS_COLUMNS = sql.raw('o.state, o.attempts, o.last_response, o.finished_at::text AS finished_at, o.run_at::text AS run_at');

export interface OutboxStatusRow {
  state: OutboxState;
  attempts: number;
  last_response: string | null;
  finished_at: string | null;
  run_at: string;
}

/** A delivery's status from the columns of OUTBOX_STATUS_COLUMNS. */
export function outboxStatus(row: OutboxStatusRow): OutboxStatus {
  return { state: deliveryState(row.state), attempts: row.attempts, lastResponse: row.last_response, finishedAt: isoTimestamp(row.finished_at) };
}
