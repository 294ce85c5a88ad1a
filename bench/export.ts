// npm run bench:export: the CSV exports of issue 11 at the bench's scale (200,000 entries; with
// --quick a tenth), through real HTTP against the production server in a child process. Each
// export is downloaded to its last byte while the server's RSS is sampled every 20 ms. Two runs:
//   1. the server as `npm start` runs it: rows/s and RSS growth of each export;
//   2. the same server with its V8 heap capped (HEAP_CAP): an export that kept its rows would run
//      out of memory and fail; it must complete, with an RSS growth that does not grow with the
//      rows (the whole export against one month, a tenth of the rows) and stays under a ceiling.
// Run 2 is the verdict (decision 0027: rows are read a batch at a time); run 1's growth is mostly
// V8 filling its young generation under the allocation rate, then collecting it.
// PostgreSQL when DATABASE_URL is set (a throw-away database on that server), else PGlite (whose
// WebAssembly memory, the embedded database's, is counted in the RSS too).
import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { childEnv, memoryOf, sampleRss, startBenchServer, stopChildren } from './child.ts';
import { cleanup, onCleanup } from './cleanup.ts';
import { generate, QUICK_SCALE, SCALE } from './generate.ts';
import { createTarget } from './target.ts';

const QUICK = process.argv.includes('--quick');
/** Node options of run 2: a 48 MB old generation and 2 MB semi-spaces, about twice what the idle server uses. */
const HEAP_CAP = '--max-old-space-size=48 --max-semi-space-size=2';
/** RSS growth (MB) allowed for any export in run 2. */
const CEILING_MB = 40;
/** How much more the whole export may grow the RSS than the one-month export (ten times fewer rows), in run 2. */
const GROWTH_SLACK_MB = 16;

interface Measure { name: string; path: string; rows: number; bytes: number; seconds: number; rssBefore: number; rssMax: number; growth: number }

/** GETs `path` to its last byte without keeping it (rows are counted on the fly), sampling the server's RSS. */
async function measure(port: number, token: string, pid: number, name: string, path: string): Promise<Measure> {
  const rssBefore = memoryOf(pid).rss;
  const sampler = sampleRss(pid, 20);
  const start = performance.now();
  const { rows, bytes } = await new Promise<{ rows: number; bytes: number }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: `/api/v1${path}`, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET ${path} answered ${res.statusCode}`));
      let records = 0;
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) records++;
      });
      res.on('end', () => resolve({ rows: records - 1, bytes: size }));
      res.on('error', reject);
    }).on('error', reject);
  });
  const seconds = (performance.now() - start) / 1000;
  const { maxRss } = sampler.stop();
  return { name, path, rows, bytes, seconds, rssBefore, rssMax: maxRss, growth: maxRss - rssBefore };
}

async function main(): Promise<boolean> {
  const target = await createTarget(process.env.DATABASE_URL || null);
  onCleanup(() => target.destroy());
  onCleanup(stopChildren);
  const label = `export bench on ${target.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, Node ${process.version}, ${cpus().length} CPUs`;
  console.log(`Deskbill ${label}: ${target.label}`);
  const database = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir });
  await migrate(database);
  const data = await generate(database.db, QUICK ? QUICK_SCALE : SCALE);
  await database.close();
  console.log(`Generated ${data.counts.timesheets} entries`);

  const env = childEnv(target, target.url ? { BENCH_DATABASE_URL: target.url, DATA_DIR: target.tempDir } : { BENCH_DATA_DIR: target.dataDir! });
  // The generator spreads entries over 300 days from 2026-01-01: a month is about a tenth of them.
  const runs: Array<[string, string]> = [
    ['warm-up (one day)', '/exports/timesheets.csv?dateFrom=2026-01-01&dateTo=2026-01-01'],
    ['timesheets, one month', '/exports/timesheets.csv?dateFrom=2026-01-01&dateTo=2026-01-30'],
    ['timesheets, all', '/exports/timesheets.csv'],
    ['unbilled time, all', '/exports/unbilled-time.csv?bom=1'],
  ];
  let verdict = false;
  for (const [title, nodeArgs] of [['1. the server as npm start runs it', ''], [`2. the server with ${HEAP_CAP}`, HEAP_CAP]] as const) {
    console.log(title);
    const server = await startBenchServer({ ...env, BENCH_NODE_ARGS: nodeArgs });
    const results: Measure[] = [];
    for (const [name, path] of runs) {
      const m = await measure(server.port, data.token, server.pid, name, path);
      results.push(m);
      console.log(`   ${m.name.padEnd(24)} ${String(m.rows).padStart(7)} rows ${(m.bytes / 1e6).toFixed(1).padStart(6)} MB in ${m.seconds.toFixed(2)} s = ${(m.rows / m.seconds).toFixed(0)} rows/s; server RSS ${m.rssBefore.toFixed(0)} → max ${m.rssMax.toFixed(0)} MB (+${m.growth.toFixed(0)} MB)`);
    }
    await server.stop();
    const [, month, all] = results as [Measure, Measure, Measure, Measure];
    const worst = Math.max(...results.slice(1).map((m) => m.growth));
    if (!nodeArgs) continue;
    const flat = all.growth <= month.growth + GROWTH_SLACK_MB;
    const capped = worst <= CEILING_MB;
    console.log(`   memory: +${month.growth.toFixed(0)} MB for ${month.rows} rows, +${all.growth.toFixed(0)} MB for ${all.rows} rows (${(all.rows / month.rows).toFixed(1)}× the rows): ${flat ? 'flat' : 'GROWS WITH THE ROWS'}; worst +${worst.toFixed(0)} MB, ceiling ${CEILING_MB} MB: ${capped ? 'ok' : 'OVER'}`);
    verdict = flat && capped;
  }
  return verdict;
}

try {
  if (!(await main())) process.exitCode = 1;
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
