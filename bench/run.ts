// npm run bench: generates data at scale, then measures the API through real HTTP against the
// production server (build/cli.js start) in a child process, and prints one table with the raw-pg
// baseline of the same run and each measure's ratio to it. PostgreSQL when DATABASE_URL is set (a
// fresh deskbill_bench_<random> database on that server, dropped at the end), else PGlite in a
// temporary folder (deleted at the end). Options (after `npm run bench --`):
//   --quick   a tenth of the background data and shorter loads (under 2 minutes); then the run
//             fails when a ratio falls below half of the one recorded in docs/performance.md
//   --record  writes this run's table (and, with --quick, its ratios) into docs/performance.md
// BENCH_STRICT=1 makes a missed target fail the run.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { backendCpuSeconds, childEnv, cpuSecondsOf, measureStartup, memoryOf, sampleRss, startBenchServer, stopChildren } from './child.ts';
import { generate, generatePdfOrder, QUICK_SCALE, SCALE } from './generate.ts';
import { HttpClient, invoiceOrder, postTimesheets, rawInserts, readOrder, type Summary } from './load.ts';
import { measureDashboardReads, measureInvoicePdf } from './reads.ts';
import { checkRatios, printTable, recordRun, type Row } from './report.ts';
import { cleanup, onCleanup } from './cleanup.ts';
import { createTarget } from './target.ts';

const QUICK = process.argv.includes('--quick');
const RECORD = process.argv.includes('--record');
const scale = QUICK ? QUICK_SCALE : SCALE;
const WORKERS = 20;
const POST_COUNT = QUICK ? 2000 : 4000;
const POST_SECONDS = 15;
const READERS = 10;
const READ_WARMUP = 100;
const READ_COUNT = QUICK ? 1000 : 2000;
const PDF_ENTRIES = 1000;

const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const latency = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`;

async function main(): Promise<{ rows: Row[]; label: string }> {
  const target = await createTarget(process.env.DATABASE_URL || null);
  onCleanup(() => target.destroy());
  onCleanup(stopChildren); // runs before the database is dropped / the folder deleted
  const onPglite = target.kind === 'pglite'; // the targets below are PostgreSQL's unless said
  const label = `${QUICK ? 'quick bench' : 'bench'} on ${onPglite ? 'PGlite' : 'PostgreSQL'}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`;
  console.log(`Deskbill ${label}: ${target.label}, ${load()}`);

  let database: Database | null = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir });
  const closeDatabase = async () => {
    const open = database;
    database = null;
    await open?.close();
  };
  onCleanup(closeDatabase);
  await migrate(database);
  const genStart = performance.now();
  const data = await generate(database.db, scale);
  const pdfOrderId = await generatePdfOrder(database.db, PDF_ENTRIES);
  const genSeconds = (performance.now() - genStart) / 1000;
  console.log(`Generated in ${genSeconds.toFixed(1)} s: ${Object.entries(data.counts).map(([k, v]) => `${v} ${k}`).join(', ')}; ${data.openTickets.length} open tickets for the load`);

  // CPU of the SQL side: the bench database's backends on PostgreSQL, this very process on PGlite.
  const dbName = target.url ? new URL(target.url).pathname.slice(1) : '';
  const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const raw = await rawInserts(database, target.url, data.openTickets, data.adminId, WORKERS, POST_COUNT, POST_SECONDS, target.url ? () => backendCpuSeconds(dbName) : selfCpu);
  console.log(`1. raw single-row INSERT into timesheets, ${target.url ? `${WORKERS} pg connections` : `${WORKERS} workers on PGlite's one connection`}: ${raw.done} in ${raw.seconds.toFixed(2)} s = ${raw.rate.toFixed(0)}/s; ${target.url ? 'PostgreSQL backends' : 'PGlite (in the bench process)'} CPU ${raw.cpuMsPerInsert.toFixed(2)} ms per insert`);
  await closeDatabase(); // PGlite: the server child needs the folder's lock

  const serverEnv = childEnv(target, target.url ? { BENCH_DATABASE_URL: target.url, DATA_DIR: target.tempDir } : { BENCH_DATA_DIR: target.dataDir! });
  const server = await startBenchServer(serverEnv);
  const client = new HttpClient(server.port, data.token);
  onCleanup(async () => client.close());
  const rss = sampleRss(server.pid);
  console.log(`   server: build/cli.js start, pid ${server.pid}, port ${server.port}, RSS at start ${memoryOf(server.pid).rss.toFixed(0)} MB`);

  const cpuNow = () => ({ server: cpuSecondsOf(server.pid), bench: selfCpu(), backends: target.url ? backendCpuSeconds(dbName) : NaN });
  const cpuBefore = cpuNow();
  const post = await postTimesheets(client, data.openTickets, WORKERS, POST_COUNT, POST_SECONDS);
  const cpuAfter = cpuNow();
  const perRequest = (key: keyof typeof cpuBefore) => ((cpuAfter[key] - cpuBefore[key]) * 1000) / (post.done + WORKERS * 2);
  const [serverMs, benchMs, backendMs] = [perRequest('server'), perRequest('bench'), perRequest('backends')];
  const ratio = post.rate / raw.rate;
  console.log(`1. POST /tickets/:id/timesheets, ${WORKERS} clients over the ${data.openTickets.length} open tickets of one order line: ${post.done} in ${post.seconds.toFixed(2)} s = ${post.rate.toFixed(0)}/s, ${latency(post.latency)}, ${post.errors} error(s)${post.firstError ? ` (first: ${post.firstError})` : ''}`);
  console.log(`   API/raw ratio: ${ratio.toFixed(2)}; CPU per request (incl. warm-up): server process ${serverMs.toFixed(2)} ms${target.url ? `, PostgreSQL backends ${backendMs.toFixed(2)} ms` : ' (PGlite included)'}, bench client ${benchMs.toFixed(2)} ms; ${load()}`);

  const read = await readOrder(client, data.readOrderId, READERS, READ_WARMUP, READ_COUNT);
  console.log(`2. GET /sale-orders/${data.readOrderId} (one line, ${scale.bigEntries} entries, ${read.deliveredMinutes} delivered minutes, ${read.bytes} bytes), ${READERS} clients: ${READ_COUNT} after ${READ_WARMUP} warm-up, ${read.rate.toFixed(0)}/s, ${latency(read.latency)}`);

  const invoiceCpu = cpuNow();
  const invoice = await invoiceOrder(client, data.invoiceOrderId, scale.bigEntries);
  const invoiceCpuAfter = cpuNow();
  const invoiceCpuText = `CPU: server process ${((invoiceCpuAfter.server - invoiceCpu.server) * 1000).toFixed(0)} ms${target.url ? `, PostgreSQL backends ${((invoiceCpuAfter.backends - invoiceCpu.backends) * 1000).toFixed(0)} ms` : ''}`;
  console.log(`3. POST /sale-orders/${data.invoiceOrderId}/invoices (${scale.bigEntries} entries): ${ms(invoice.ms)}, status ${invoice.status}, ${invoice.entries} timesheetIds${invoice.problem ? ` — PROBLEM: ${invoice.problem}` : ''}; ${invoiceCpuText}`);

  const reads = await measureDashboardReads(client, { workers: READERS, warmup: 10, sequential: 50, count: QUICK ? 200 : 500 });
  for (const [name, r] of Object.entries(reads)) {
    console.log(`4. GET ${r.path} (${r.bytes} bytes): one client ${latency(r.sequential)}; ${READERS} clients ${latency(r.latency)}; ${r.errors} error(s)${r.firstError ? ` (first: ${r.firstError})` : ''} [${name}]`);
  }
  const pdf = await measureInvoicePdf(client, pdfOrderId, server.pid, QUICK ? 3 : 5);
  console.log(`5. GET /invoices/${pdf.invoiceId}/pdf (${pdf.entries} entries, ${pdf.bytes} bytes in ${pdf.chunks} chunks): to last byte ${latency(pdf.latency)}, first byte p50 ${ms(pdf.firstByte.p50)}; server RSS ${pdf.rss.before.toFixed(0)} MB before, max ${pdf.rss.max.toFixed(0)} MB while serving (+${pdf.rss.growth.toFixed(0)} MB)`);

  const mem = rss.stop();
  console.log(`6. server RSS (child process, /proc/${server.pid}/status): start ${mem.startRss.toFixed(0)} MB, max sampled VmRSS ${mem.maxRss.toFixed(0)} MB over ${mem.samples} samples (every 200 ms), VmHWM ${mem.hwm.toFixed(0)} MB`);
  client.close();
  await server.stop();

  const { seconds: startup, listening, banner } = await measureStartup(serverEnv);
  console.log(`7. startup of build/cli.js start (npm start) until /api/v1/health answers 200: ${startup.toFixed(2)} s (it printed "${banner}" at ${listening.toFixed(2)} s); ${load()}`);

  // The targets of issue 9 (PostgreSQL; PGlite where it has its own). Ratios: the measure's rate
  // over the raw INSERT rate of this run, so that the machine's speed cancels out (the CI gate).
  const pg = (pass: boolean, text: string) => (onPglite ? { target: `${text} (PostgreSQL)`, ok: null } : { target: text, ok: pass });
  const perRaw = (rate: number) => rate / raw.rate;
  const invoiceRate = (invoice.entries / invoice.ms) * 1000;
  const rows: Row[] = [
    { metric: 'raw INSERT rate (baseline)', value: `${raw.rate.toFixed(0)}/s`, target: '—', ok: null, ratio: null },
    { metric: 'POST timesheets: throughput', value: `${post.rate.toFixed(0)}/s (${post.done} req, ${post.errors} errors)`, ...pg(post.errors === 0 && ratio >= 0.4, '≥ 0.4 × raw, no errors'), ratio: { key: 'post', value: perRaw(post.rate) } },
    { metric: 'POST timesheets: p50 / p95 / max', value: `${ms(post.latency.p50)} / ${ms(post.latency.p95)} / ${ms(post.latency.max)}`, ...pg(post.latency.p95 < 30, 'p95 < 30 ms'), ratio: null },
    { metric: 'POST timesheets: server CPU per request', value: `${serverMs.toFixed(2)} ms`, target: '—', ok: null, ratio: null },
    { metric: `GET sale order (${scale.bigEntries / 1000}k entries), ${READERS} clients`, value: `${read.rate.toFixed(0)}/s`, target: '—', ok: null, ratio: { key: 'orderView', value: perRaw(read.rate) } },
    { metric: 'GET sale order: p50 / p95 / max', value: `${ms(read.latency.p50)} / ${ms(read.latency.p95)} / ${ms(read.latency.max)}`, ...pg(read.latency.p95 < 15, 'p95 < 15 ms'), ratio: null },
    {
      metric: `POST invoice (${scale.bigEntries / 1000}k entries)`,
      value: `${ms(invoice.ms)} (${invoice.status}, ${invoice.entries} ids)`,
      target: onPglite ? '< 1.5 s, 201 + all ids' : '< 400 ms, 201 + all ids',
      ok: invoice.ok && invoice.ms < (onPglite ? 1500 : 400),
      ratio: invoice.ok ? { key: 'invoice', value: perRaw(invoiceRate) } : null,
    },
    ...Object.entries(reads).map(([name, r]): Row => ({
      metric: `GET ${r.path}, ${READERS} clients: p50 / p95`,
      value: `${ms(r.latency.p50)} / ${ms(r.latency.p95)} (one client p95 ${ms(r.sequential.p95)})`,
      ...pg(r.errors === 0 && r.latency.p95 < 50, 'p95 < 50 ms'),
      ratio: { key: name, value: perRaw(1000 / r.sequential.p50) },
    })),
    {
      metric: `invoice PDF, ${pdf.entries} entries: p95 to last byte`,
      value: `${ms(pdf.latency.p95)} (${pdf.chunks} chunks, RSS +${pdf.rss.growth.toFixed(0)} MB)`,
      target: '< 1 s, streamed', ok: pdf.latency.p95 < 1000 && pdf.chunks > 1,
      ratio: { key: 'pdf', value: perRaw(1000 / pdf.latency.p50) },
    },
    { metric: 'server peak RSS (child VmHWM)', value: `${mem.hwm.toFixed(0)} MB (max sampled ${mem.maxRss.toFixed(0)} MB)`, target: onPglite ? '< 350 MB' : '< 200 MB', ok: mem.hwm < (onPglite ? 350 : 200), ratio: null },
    { metric: 'startup to health 200 (npm start, existing data)', value: `${startup.toFixed(2)} s`, target: '< 2 s', ok: startup < 2, ratio: null },
    { metric: 'data generation', value: `${genSeconds.toFixed(1)} s`, target: '—', ok: null, ratio: null },
  ];
  return { rows, label };
}

try {
  const { rows, label } = await main();
  const missed = printTable(rows);
  if (missed > 0 && process.env.BENCH_STRICT === '1') process.exitCode = 1;
  if (QUICK && !RECORD && !checkRatios(rows, label)) process.exitCode = 1;
  if (RECORD) recordRun(rows, label, QUICK);
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
