import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Database } from '../src/platform/db.ts';
import type { OpenTicket } from './generate.ts';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in ms. */
export function summarize(ms: number[]): Summary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), max: sorted[sorted.length - 1] ?? NaN };
}

export interface Reply {
  status: number;
  text: string;
  ms: number;
}

/** A keep-alive HTTP client of the bench server, authenticated with an API token. */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly port: number, private readonly token: string) {}

  request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = 30_000): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}` };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path: `/api/v1${path}`, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - start }));
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A GET whose body is kept as bytes (a PDF), with the time to the first and to the last byte. */
  download(path: string, timeoutMs = 60_000): Promise<{ status: number; type: string; body: Buffer; firstByteMs: number; ms: number; chunks: number }> {
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method: 'GET', path: `/api/v1${path}`, headers: { authorization: `Bearer ${this.token}` }, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let firstByteMs = NaN;
        res.on('data', (chunk: Buffer) => {
          if (chunks.length === 0) firstByteMs = performance.now() - start;
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), firstByteMs, ms: performance.now() - start, chunks: chunks.length }));
      });
      req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `task(i, worker)` with `workers` concurrent loops until `count` tasks have started or
 * `seconds` have passed, whichever comes first. Returns how many ran and the wall time.
 */
export async function runConcurrent(workers: number, count: number, seconds: number, task: (i: number, worker: number) => Promise<void>): Promise<{ done: number; seconds: number }> {
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < count && performance.now() < deadline) await task(next++, worker);
    }),
  );
  return { done: next, seconds: (performance.now() - start) / 1000 };
}

export interface PostLoad {
  done: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  rate: number;
  latency: Summary;
}

/** Measure 1 (API): POST /tickets/:id/timesheets from concurrent clients over many open tickets. */
export async function postTimesheets(client: HttpClient, tickets: OpenTicket[], workers: number, count: number, seconds: number): Promise<PostLoad> {
  const body = { date: '2026-11-02', minutes: 30, description: 'bench' };
  const post = (i: number) => client.request('POST', `/tickets/${tickets[i % tickets.length]!.id}/timesheets`, body);
  // Warm-up, not counted: the first requests compile the route's code paths.
  await runConcurrent(workers, workers * 2, 10, async (i) => void (await post(tickets.length - 1 - i)));
  const ms: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const run = await runConcurrent(workers, count, seconds, async (i) => {
    try {
      const reply = await post(i);
      ms.push(reply.ms);
      if (reply.status !== 201) {
        errors++;
        firstError ??= `${reply.status} ${reply.text.slice(0, 200)}`;
      }
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
  });
  return { done: run.done, errors, firstError, seconds: run.seconds, rate: run.done / run.seconds, latency: summarize(ms) };
}

const RAW_INSERT = `INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
  VALUES ($1, $2, $3, '2026-11-02', 30, 'raw bench', $4, $5)`;
const rawParams = (t: OpenTicket, userId: number) => [t.id, t.projectId, userId, t.lineId !== null, t.lineId];

/**
 * Measure 1 (raw): single-row INSERTs into timesheets with `workers` concurrent loops — each its
 * own pg connection on PostgreSQL, all sharing PGlite's single connection on PGlite.
 */
export async function rawInserts(
  database: Database, url: string | null, tickets: OpenTicket[], userId: number, workers: number, count: number, seconds: number,
  /** CPU seconds used so far by whatever executes the SQL (read before and after the run). */
  cpuSeconds: () => number,
): Promise<{ done: number; seconds: number; rate: number; cpuMsPerInsert: number }> {
  const measured = async (insert: (i: number, worker: number) => Promise<unknown>) => {
    const cpuBefore = cpuSeconds();
    const run = await runConcurrent(workers, count, seconds, async (i, w) => void (await insert(i, w)));
    return { ...run, rate: run.done / run.seconds, cpuMsPerInsert: ((cpuSeconds() - cpuBefore) * 1000) / run.done };
  };
  if (url) {
    const clients = Array.from({ length: workers }, () => new pg.Client({ connectionString: url }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      return await measured((i, w) => clients[w]!.query(RAW_INSERT, rawParams(tickets[i % tickets.length]!, userId)));
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }
  return database.withSession((session) => measured((i) => session.query(RAW_INSERT, rawParams(tickets[i % tickets.length]!, userId))));
}

/** Measure 2: GETs of one order from `workers` concurrent clients (`count` in all) after a warm-up. */
export async function readOrder(client: HttpClient, orderId: number, workers: number, warmup: number, count: number): Promise<{ latency: Summary; rate: number; bytes: number; deliveredMinutes: number }> {
  let last: Reply | null = null;
  const get = async () => {
    const reply = await client.request('GET', `/sale-orders/${orderId}`);
    if (reply.status !== 200) throw new Error(`GET /sale-orders/${orderId} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    return (last = reply);
  };
  await runConcurrent(workers, warmup, 60, async () => void (await get()));
  const ms: number[] = [];
  const run = await runConcurrent(workers, count, 60, async () => void ms.push((await get()).ms));
  const body = JSON.parse(last!.text) as { lines: Array<{ deliveredMinutes: number }> };
  return { latency: summarize(ms), rate: run.done / run.seconds, bytes: Buffer.byteLength(last!.text), deliveredMinutes: body.lines.reduce((s, l) => s + l.deliveredMinutes, 0) };
}

/** Measure 3: one invoice claiming every entry to invoice of an order; checks the answer. */
export async function invoiceOrder(client: HttpClient, orderId: number, expectedEntries: number): Promise<{ ms: number; status: number; entries: number; ok: boolean; problem: string | null }> {
  const reply = await client.request('POST', `/sale-orders/${orderId}/invoices`, {}, 120_000);
  if (reply.status !== 201) return { ms: reply.ms, status: reply.status, entries: 0, ok: false, problem: reply.text.slice(0, 300) };
  const body = JSON.parse(reply.text) as { lines: Array<{ timesheetIds: string[] }> };
  const entries = body.lines[0]?.timesheetIds.length ?? 0;
  const ok = body.lines.length === 1 && entries === expectedEntries;
  return { ms: reply.ms, status: reply.status, entries, ok, problem: ok ? null : `${body.lines.length} line(s), ${entries} timesheetIds` };
}
