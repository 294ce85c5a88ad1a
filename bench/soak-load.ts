// The soak's clients: simulated agents and invoicers sending requests round-robin to the server
// instances, each POST with an Idempotency-Key, a tenth of the writes with their answer dropped,
// every failure to get an answer retried with the same key; and the ledger of what was acknowledged.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarize, type Summary } from './load.ts';

/** One server instance as the clients see it: a port that may be down for a while. */
export interface Instance {
  name: string;
  port: number;
  agent: http.Agent;
}

type Method = 'POST' | 'PATCH' | 'DELETE';

type Attempt =
  | { kind: 'answer'; status: number; text: string; replayed: boolean; ms: number }
  | { kind: 'network'; error: string; dropped: boolean };

/** One request; with `drop`, the socket is destroyed once the request is sent and whatever comes back is ignored. */
function send(instance: Instance, method: Method, path: string, token: string, body: unknown, key: string | null, drop: boolean): Promise<Attempt> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  if (key) headers['idempotency-key'] = key;
  const start = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      resolve(attempt);
    };
    const req = http.request({ host: '127.0.0.1', port: instance.port, method, path: `/api/v1${path}`, headers, agent: instance.agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle({ kind: 'network', error: error.message, dropped: false }));
      res.on('end', () => settle({ kind: 'answer', status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), replayed: res.headers['idempotent-replayed'] === 'true', ms: performance.now() - start }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => settle({ kind: 'network', error: (error as NodeJS.ErrnoException).code ?? error.message, dropped: false }));
    if (drop) {
      // The request reached the server; its answer never reaches the client.
      req.on('finish', () => setTimeout(() => {
        settle({ kind: 'network', error: 'dropped', dropped: true });
        req.destroy();
      }, Math.random() * 30));
    }
    req.end(payload);
  });
}

/** What the run counts, beyond the ledger. */
export class Stats {
  operations = 0;
  /** Operations that ended with a 2xx. */
  acknowledged = 0;
  /** Operations that ended with a 4xx refusal, by name and code (expected ones: nothing to invoice, invoiced time…). */
  refused = new Map<string, number>();
  /** Operations that got no final answer before their deadline. */
  unresolved = 0;
  requests = 0;
  dropped = 0;
  connectionErrors = 0;
  inProgressRetries = 0;
  conflictRetries = 0;
  replays = 0;
  /** 5xx answers: from live instances outside a PostgreSQL restart, and during one (see `pgRestarting`). */
  serverErrors: Array<{ op: string; status: number; text: string; instance: string; duringPgRestart: boolean; at: number }> = [];
  /** Per operation: latency of each answered request, and of the whole operation with its retries. */
  readonly requestMs = new Map<string, number[]>();
  readonly operationMs = new Map<string, number[]>();

  refuse(op: string, status: number, text: string): void {
    const name = `${op} ${status} ${errorCode(text) ?? ''}`.trim();
    this.refused.set(name, (this.refused.get(name) ?? 0) + 1);
  }

  latency(): Array<{ op: string; request: Summary; operation: Summary }> {
    return [...this.operationMs.keys()].sort().map((op) => ({ op, request: summarize(this.requestMs.get(op) ?? []), operation: summarize(this.operationMs.get(op)!) }));
  }
}

export function errorCode(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

export interface Final {
  status: number;
  body: unknown;
  text: string;
  /** More than one attempt was made (a dropped answer, a connection error, a retry). */
  retried: boolean;
  replayed: boolean;
}

/** Sends requests round-robin over the instances, retrying with the same key until an answer that is final. */
export class Router {
  private turn = 0;
  /** While PostgreSQL restarts (and a moment after), 5xx answers are counted apart. */
  pgRestarting = false;

  constructor(readonly instances: Instance[], readonly stats: Stats, private readonly dropRate: number, private readonly deadlineMs = 120_000) {}

  async perform(op: string, method: Method, path: string, token: string, body?: unknown, key: string | null = method === 'POST' ? randomUUID() : null): Promise<Final | null> {
    const stats = this.stats;
    stats.operations++;
    const start = performance.now();
    let drop = Math.random() < this.dropRate;
    let attempts = 0;
    while (performance.now() - start < this.deadlineMs) {
      attempts++;
      const instance = this.instances[this.turn++ % this.instances.length]!;
      stats.requests++;
      const attempt = await send(instance, method, path, token, body, key, drop);
      drop = false;
      if (attempt.kind === 'network') {
        if (attempt.dropped) stats.dropped++;
        else stats.connectionErrors++;
        await sleep(attempt.dropped ? 0 : Math.min(500, 20 * attempts));
        continue;
      }
      const list = stats.requestMs.get(op) ?? [];
      list.push(attempt.ms);
      stats.requestMs.set(op, list);
      if (attempt.replayed) stats.replays++;
      if (attempt.status >= 500) {
        stats.serverErrors.push({ op, status: attempt.status, text: attempt.text.slice(0, 300), instance: instance.name, duringPgRestart: this.pgRestarting, at: Date.now() });
        await sleep(Math.min(500, 50 * attempts));
        continue;
      }
      const code = attempt.status === 409 || attempt.status === 429 ? errorCode(attempt.text) : null;
      if (code === 'IDEMPOTENCY_KEY_IN_PROGRESS' || code === 'CONFLICT' || attempt.status === 429) {
        if (code === 'IDEMPOTENCY_KEY_IN_PROGRESS') stats.inProgressRetries++;
        else stats.conflictRetries++;
        await sleep(20 + Math.random() * 80);
        continue;
      }
      const ms = stats.operationMs.get(op) ?? [];
      ms.push(performance.now() - start);
      stats.operationMs.set(op, ms);
      let parsed: unknown = null;
      try {
        parsed = attempt.text ? JSON.parse(attempt.text) : null;
      } catch {
        /* not JSON */
      }
      if (attempt.status < 300) stats.acknowledged++;
      else stats.refuse(op, attempt.status, attempt.text);
      return { status: attempt.status, body: parsed, text: attempt.text, retried: attempts > 1, replayed: attempt.replayed };
    }
    stats.unresolved++;
    return null;
  }
}

/** An acknowledged time entry: the minutes it may have now (two when an edit's outcome is unknown), deleted or not. */
export interface LedgerEntry {
  id: string;
  key: string;
  minutes: Set<number>;
  deleted: boolean;
  /** A DELETE whose answer was lost and whose retry was refused: its first attempt may still have deleted it (DELETE carries no key). */
  maybeDeleted: boolean;
  /** What the client did with it and what it was told, for the report of a lost entry. */
  history: string[];
}

/** One line of an entry's history: the operation, the final status, and how it got there. */
export function historyLine(op: string, reply: Final | null, detail = ''): string {
  const how = reply ? `${reply.status}${reply.retried ? ' after retries' : ''}${reply.replayed ? ' (replayed)' : ''}` : 'no final answer';
  return `${new Date().toISOString().slice(11, 23)} ${op}${detail ? ` ${detail}` : ''}: ${how}`;
}

/** A posted invoice or credit note whose answer was received. */
export interface PostedDocument {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  timesheetIds: string[];
}

/** Every write the clients got an answer for. */
export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  readonly posted = new Map<string, PostedDocument>();
  /** Documents created (201) and drafts deleted (204), per kind. */
  readonly created = { invoice: 0, credit_note: 0 };
  readonly draftsDeleted = { invoice: 0, credit_note: 0 };
  /** Posted numbers acknowledged for two different documents. */
  readonly numberClashes: string[] = [];
  /** Posts whose retry was refused as already posted: the first post's answer was not replayed. */
  readonly postNotReplayed: string[] = [];
  private readonly byNumber = new Map<string, string>();

  recordPosted(body: unknown): PostedDocument {
    const doc = body as { id: string; kind: 'invoice' | 'credit_note'; number: string; state: string; lines: Array<{ timesheetIds: string[] }> };
    const posted: PostedDocument = { id: doc.id, kind: doc.kind, number: doc.number, timesheetIds: doc.lines.flatMap((l) => l.timesheetIds) };
    const holder = this.byNumber.get(doc.number);
    if (holder !== undefined && holder !== doc.id) this.numberClashes.push(`${doc.number}: ${holder} and ${doc.id}`);
    this.byNumber.set(doc.number, doc.id);
    this.posted.set(doc.id, posted);
    return posted;
  }

  /** Net acknowledged billing per entry: posted invoices listing it minus posted credit notes listing it. */
  netBilled(): Map<string, number> {
    const net = new Map<string, number>();
    for (const doc of this.posted.values()) for (const id of doc.timesheetIds) net.set(id, (net.get(id) ?? 0) + (doc.kind === 'invoice' ? 1 : -1));
    return net;
  }
}
