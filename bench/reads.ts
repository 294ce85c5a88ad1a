// Issue 9's read measures, called by bench/run.ts:
// - the helpdesk dashboard, the sales order list and the "to invoice" timesheets list at the
//   generated scale (200,000 entries), from concurrent clients after a warm-up;
// - the PDF of an invoice of 1,000 entries, end to end over HTTP, with the server's RSS.
import { performance } from 'node:perf_hooks';
import { memoryOf, sampleRss } from './child.ts';
import { runConcurrent, summarize, type HttpClient, type Summary } from './load.ts';

/** The reads the issue names. There is no invoice-status filter on the order list: its first page,
 * whose every order carries its to-invoice figures (R30–R33), is what the Sales screen loads. */
export const DASHBOARD_READS = {
  dashboard: '/helpdesk/dashboard',
  saleOrders: '/sale-orders',
  toInvoice: '/timesheets?status=to_invoice',
} as const;

export type ReadName = keyof typeof DASHBOARD_READS;

export interface ReadMeasure {
  path: string;
  /** One client, one request at a time: the cost of a request. */
  sequential: Summary;
  /** `workers` concurrent clients: queueing on the server's CPUs included. */
  latency: Summary;
  bytes: number;
  errors: number;
  firstError: string | null;
}

/**
 * Each read in turn: `warmup` sequential requests (not counted), `sequential` more one at a time,
 * then `count` requests from `workers` concurrent clients (at most `seconds`). Latency is per
 * request, queueing included.
 */
export async function measureDashboardReads(
  client: HttpClient,
  options: { workers?: number; warmup?: number; sequential?: number; count?: number; seconds?: number } = {},
): Promise<Record<ReadName, ReadMeasure>> {
  const { workers = 10, warmup = 10, sequential = 50, count = 200, seconds = 30 } = options;
  const result = {} as Record<ReadName, ReadMeasure>;
  for (const [name, path] of Object.entries(DASHBOARD_READS) as [ReadName, string][]) {
    let bytes = 0;
    for (let i = 0; i < warmup; i++) {
      const reply = await client.request('GET', path);
      if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
      bytes = Buffer.byteLength(reply.text);
    }
    const oneByOne: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const reply = await client.request('GET', path);
      if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
      oneByOne.push(reply.ms);
    }
    const ms: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    await runConcurrent(workers, count, seconds, async () => {
      try {
        const reply = await client.request('GET', path);
        ms.push(reply.ms);
        if (reply.status !== 200) {
          errors++;
          firstError ??= `${reply.status} ${reply.text.slice(0, 200)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    });
    result[name] = { path, sequential: summarize(oneByOne), latency: summarize(ms), bytes, errors, firstError };
  }
  return result;
}

export interface PdfMeasure {
  invoiceId: string;
  entries: number;
  /** Time to the last byte of each GET, after one warm-up GET. */
  latency: Summary;
  /** Time to the first byte, same requests. */
  firstByte: Summary;
  bytes: number;
  /** Chunks the client received for the last GET (many: the server streams). */
  chunks: number;
  /** Server RSS (MB): before the first GET, the highest sampled during the GETs (every 20 ms), and that minus the first. */
  rss: { before: number; max: number; growth: number };
  /** POST /sale-orders/:id/invoices and POST /invoices/:id/post, for the record. */
  createMs: number;
  postMs: number;
}

/**
 * Invoices `orderId` (an order made by generatePdfOrder in bench/generate.ts: one line, its
 * entries to invoice), posts the invoice, then GETs its PDF `runs` times in a row after one
 * warm-up, timing each to its last byte, while sampling the RSS of the server process `serverPid`.
 */
export async function measureInvoicePdf(client: HttpClient, orderId: number, serverPid: number, runs = 5): Promise<PdfMeasure> {
  let start = performance.now();
  const created = await client.request('POST', `/sale-orders/${orderId}/invoices`, {}, 120_000);
  const createMs = performance.now() - start;
  if (created.status !== 201) throw new Error(`POST /sale-orders/${orderId}/invoices answered ${created.status}: ${created.text.slice(0, 300)}`);
  const draft = JSON.parse(created.text) as { id: string; lines: Array<{ timesheetIds: string[] }> };
  const entries = draft.lines.reduce((n, l) => n + l.timesheetIds.length, 0);
  start = performance.now();
  const posted = await client.request('POST', `/invoices/${draft.id}/post`, {}, 120_000);
  const postMs = performance.now() - start;
  if (posted.status !== 200) throw new Error(`POST /invoices/${draft.id}/post answered ${posted.status}: ${posted.text.slice(0, 300)}`);

  const path = `/invoices/${draft.id}/pdf`;
  const check = (reply: Awaited<ReturnType<HttpClient['download']>>) => {
    if (reply.status !== 200 || reply.type !== 'application/pdf') throw new Error(`GET ${path} answered ${reply.status} ${reply.type}: ${reply.body.subarray(0, 300).toString('utf8')}`);
    if (!/%%EOF\s*$/.test(reply.body.subarray(-32).toString('latin1'))) throw new Error(`GET ${path}: the PDF is cut (${reply.body.length} bytes)`);
  };
  check(await client.download(path));
  const before = memoryOf(serverPid).rss;
  const rss = sampleRss(serverPid, 20);
  const ms: number[] = [];
  const firstByte: number[] = [];
  let last: Awaited<ReturnType<HttpClient['download']>> | null = null;
  let sampled: ReturnType<ReturnType<typeof sampleRss>['stop']>;
  try {
    for (let i = 0; i < runs; i++) {
      last = await client.download(path);
      check(last);
      ms.push(last.ms);
      firstByte.push(last.firstByteMs);
    }
  } finally {
    sampled = rss.stop();
  }
  return {
    invoiceId: draft.id, entries, latency: summarize(ms), firstByte: summarize(firstByte), bytes: last!.body.length, chunks: last!.chunks,
    rss: { before, max: sampled.maxRss, growth: sampled.maxRss - before }, createMs, postMs,
  };
}
