// Issue 9's read measures on their own: `TZ=UTC node --import tsx bench/reads-main.ts`, on a fresh
// PostgreSQL database when DATABASE_URL is set (created and dropped, like npm run bench), else on
// PGlite in a temporary folder. Generates the bench data (bench/generate.ts) plus the PDF order,
// starts bench/server.ts in a child process and prints what bench/reads.ts measures.
import { cpus, loadavg } from 'node:os';
import { openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { memoryOf, startBenchServer, stopChildren } from './child.ts';
import { generate, generatePdfOrder } from './generate.ts';
import { HttpClient, type Summary } from './load.ts';
import { measureDashboardReads, measureInvoicePdf } from './reads.ts';
import { createTarget } from './target.ts';

const ms = (n: number) => `${n.toFixed(1)} ms`;
const latency = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`;
const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;

const target = await createTarget(process.env.DATABASE_URL || null);
let client: HttpClient | null = null;
try {
  console.log(`reads on ${target.label} (Node ${process.version}, ${cpus().length} CPUs, ${load()})`);
  const database = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir });
  let data, pdfOrderId;
  try {
    await migrate(database);
    data = await generate(database.db);
    pdfOrderId = await generatePdfOrder(database.db);
    console.log(`generated: ${Object.entries(data.counts).map(([k, v]) => `${v} ${k}`).join(', ')}; PDF order ${pdfOrderId}`);
  } finally {
    await database.close(); // PGlite: the server child needs the folder's lock
  }

  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, target.url ? { BENCH_DATABASE_URL: target.url } : { BENCH_DATA_DIR: target.dataDir! });
  const server = await startBenchServer(env);
  client = new HttpClient(server.port, data.token);
  console.log(`server pid ${server.pid}, RSS ${memoryOf(server.pid).rss.toFixed(0)} MB`);

  const reads = await measureDashboardReads(client, { workers: 10, warmup: 10, count: Number(process.env.READS_COUNT ?? 200) });
  for (const [name, r] of Object.entries(reads)) {
    console.log(`GET ${r.path} (${name}, ${r.bytes} bytes): one client ${latency(r.sequential)}; 10 clients ${latency(r.latency)}, ${r.errors} error(s)${r.firstError ? ` (${r.firstError})` : ''}`);
  }
  console.log(load());
  const pdf = await measureInvoicePdf(client, pdfOrderId, server.pid, Number(process.env.PDF_RUNS ?? 5));
  console.log(`invoice ${pdf.invoiceId} (${pdf.entries} entries): create ${ms(pdf.createMs)}, post ${ms(pdf.postMs)}`);
  console.log(`GET /invoices/${pdf.invoiceId}/pdf, ${pdf.bytes} bytes in ${pdf.chunks} chunks: to last byte ${latency(pdf.latency)}; to first byte ${latency(pdf.firstByte)}`);
  console.log(`server RSS during the GETs: ${pdf.rss.before.toFixed(0)} MB before, max ${pdf.rss.max.toFixed(0)} MB (+${pdf.rss.growth.toFixed(0)} MB); ${load()}`);
} catch (error) {
  console.error(`reads failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  client?.close();
  await stopChildren();
  await target.destroy();
}
