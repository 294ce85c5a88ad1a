// The scale curves on their own (issue 9): `node --import tsx bench/scale-main.ts [--quick]`.
// PostgreSQL when DATABASE_URL is set (a fresh deskbill_bench_<random> database on that server,
// dropped at the end unless SCALE_KEEP=1), else PGlite in a temporary folder. Grows one database to
// N = 1k, 10k, 100k (SCALE_STEPS=1000,10000 or --quick stops at 10k), measures the four curves of
// bench/scale.ts at each step, prints a table, records the rows of this database in
// docs/performance-scale.json (the other database's rows stay) and draws docs/performance-scale.svg
// from both (SCALE_OUT=<dir> writes them elsewhere). SCALE_WORKERS=1 reads with one client instead of 10.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { ROOT, startBenchServer, stopChildren, type Child } from './child.ts';
import { generateBase } from './generate.ts';
import { HttpClient } from './load.ts';
import { measureScale, scaleSvg, type ScaleAccess, type ScaleDatabase, type ScaleResults, type ScaleRow } from './scale.ts';
import { cleanup, onCleanup } from './cleanup.ts';
import { createTarget } from './target.ts';

function steps(): number[] {
  if (process.env.SCALE_STEPS) return process.env.SCALE_STEPS.split(',').map((s) => Number(s.trim()));
  return process.argv.includes('--quick') ? [1_000, 10_000] : [1_000, 10_000, 100_000];
}

function printRows(rows: ScaleRow[]): void {
  const cells = [['N', 'measure', 'p50', 'p95', 'max', 'samples', 'detail'], ...rows.map((r) => [String(r.step), r.measure, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), String(r.samples), r.detail])];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(cells[0]!));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const c of cells.slice(1)) console.log(line(c));
}

async function main(): Promise<void> {
  const target = await createTarget(process.env.DATABASE_URL || null);
  if (process.env.SCALE_KEEP === '1' && target.url) console.log(`SCALE_KEEP=1: the database stays: ${target.url}`);
  else onCleanup(() => target.destroy());
  onCleanup(stopChildren);
  const kind: ScaleDatabase = target.kind === 'postgres' ? 'postgresql' : 'pglite';
  const machine = `Node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;
  console.log(`Deskbill scale bench on ${target.label} (${machine}); steps ${steps().join(', ')}`);

  let database: Database | null = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir });
  onCleanup(async () => {
    const open = database;
    database = null;
    await open?.close();
  });
  await migrate(database);
  const { token } = await generateBase(database.db);

  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, target.url ? { BENCH_DATABASE_URL: target.url } : { BENCH_DATA_DIR: target.dataDir! });
  let server: (Child & { port: number }) | null = null;
  let client: HttpClient | null = null;
  const stopServer = async () => {
    client?.close();
    client = null;
    await server?.stop();
    server = null;
  };
  onCleanup(stopServer);

  const access: ScaleAccess = {
    async withDatabase(fn) {
      if (target.kind === 'pglite') await stopServer(); // only one process may open the folder
      database ??= await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir });
      try {
        return await fn(database.db);
      } finally {
        if (target.kind === 'pglite') {
          await database.close();
          database = null;
        }
      }
    },
    async server() {
      if (!server) {
        server = await startBenchServer(env);
        client = new HttpClient(server.port, token);
      }
      return client!;
    },
  };

  const rows = await measureScale(access, { steps: steps(), ...(process.env.SCALE_WORKERS ? { workers: Number(process.env.SCALE_WORKERS) } : {}) });
  printRows(rows);

  const dir = process.env.SCALE_OUT || join(ROOT, 'docs');
  mkdirSync(dir, { recursive: true });
  const jsonPath = join(dir, 'performance-scale.json');
  const results: ScaleResults = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as ScaleResults) : {};
  results[kind] = { measuredAt: new Date().toISOString(), machine, rows };
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  const svgPath = join(dir, 'performance-scale.svg');
  writeFileSync(svgPath, scaleSvg(results));
  console.log(`\nWrote ${jsonPath} (${kind} rows) and ${svgPath}`);
}

try {
  await main();
} catch (error) {
  console.error(`scale bench failed: ${(error as Error).stack ?? error}${(error as Error).cause ? `\ncause: ${String((error as Error).cause)}` : ''}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
