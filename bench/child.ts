import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Target } from './target.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  proc: ChildProcess;
  pid: number;
  exited: Promise<void>;
  /** The tail of what the child wrote on stderr (for error messages). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the child is gone. Safe to call twice. */
  stop(): Promise<void>;
}

const children = new Set<Child>();
let refusing = false;

/** Stops every child still running and refuses new ones (the bench is ending). */
export async function stopChildren(): Promise<void> {
  refusing = true;
  await Promise.all([...children].map((child) => child.stop()));
}

/** Spawns `node [node args] <args>` in the repository, with exactly `env`. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv): Child {
  if (refusing) throw new Error('the bench is stopping');
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  let tail = '';
  proc.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  const child: Child = {
    proc,
    pid: proc.pid,
    exited,
    stderr: () => tail,
    async stop() {
      if (gone()) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

export interface Started extends Child {
  port: number;
  /** Seconds from spawn until /api/v1/health answered 200. */
  seconds: number;
  /** The line the server printed once running ("Deskbill is running on …"), and when (s). */
  banner: string;
  listening: number;
}

/**
 * Starts the production server, `node build/cli.js start` (what `npm start` runs, decision 0020;
 * built first if its sources changed), on a free port without demo data, and waits (at most
 * `timeoutMs`) until GET /api/v1/health answers 200. BENCH_DATABASE_URL / BENCH_DATA_DIR in `env`
 * name the database; BENCH_NODE_ARGS adds node options (e.g. `--cpu-prof`). Request logging is
 * off (LOG_LEVEL=warn) unless `env` sets LOG_LEVEL. `port` restarts a server on the port it had
 * (the soak); a free one by default.
 */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000, port?: number): Promise<Started> {
  execFileSync(process.execPath, ['build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  port ??= await freePort();
  const { BENCH_DATABASE_URL, BENCH_DATA_DIR, BENCH_NODE_ARGS, ...rest } = env;
  const serverEnv: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn', ...rest, PORT: String(port), HOST: '127.0.0.1', DESKBILL_DEMO: '0', DESKBILL_WEB_DIR: '/nonexistent' };
  if (BENCH_DATABASE_URL) serverEnv.DATABASE_URL = BENCH_DATABASE_URL;
  if (BENCH_DATA_DIR) serverEnv.DATA_DIR = BENCH_DATA_DIR;
  const nodeArgs = BENCH_NODE_ARGS ? BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  const start = performance.now();
  const child = spawnNode([...nodeArgs, 'build/cli.js', 'start'], serverEnv);
  let listening = NaN;
  let banner = '';
  child.proc.stdout!.on('data', (chunk: Buffer) => {
    const running = /Deskbill is running[^\n]*/.exec(chunk.toString('utf8'));
    if (running && !banner) [banner, listening] = [running[0], (performance.now() - start) / 1000];
  });
  try {
    while (performance.now() - start < timeoutMs) {
      if (child.proc.exitCode !== null) throw new Error(`build/cli.js start exited with ${child.proc.exitCode}: ${child.stderr()}`);
      try {
        const reply = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        await reply.arrayBuffer();
        if (reply.status === 200) return Object.assign(child, { port, seconds: (performance.now() - start) / 1000, banner, listening });
      } catch {
        /* not listening yet */
      }
      await sleep(20);
    }
    throw new Error(`build/cli.js start did not answer /api/v1/health within ${timeoutMs / 1000} s: ${child.stderr()}`);
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The environment of a child process: this one's, pointed at the bench database only. */
export function childEnv(target: Target, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'DESKBILL_ADMIN_EMAIL', 'DESKBILL_ADMIN_PASSWORD', 'NODE_OPTIONS']) delete env[name];
  return { ...env, ...extra };
}

/** The bench's API server: the production server (see `startServer`). */
export const startBenchServer = (env: NodeJS.ProcessEnv): Promise<Started> => startServer(env);

/** VmRSS and VmHWM (peak RSS) of a process in MB, from /proc; NaN where /proc is missing. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** CPU time (user + system) a process has used, in seconds, from /proc (clock ticks of 1/100 s); NaN where missing. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving `database` on this machine (their
 * command line names the database); NaN where /proc is missing. Backends that already exited are
 * not counted, so take both readings while the connections are open.
 */
export function backendCpuSeconds(database: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmdline.startsWith('postgres: ') && cmdline.includes(` ${database} `)) total += cpuSecondsOf(Number(entry));
      } catch {
        /* the process ended */
      }
    }
    return total;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs`; `stop` returns the highest sample and the kernel's peak. */
export function sampleRss(pid: number, everyMs = 200): { stop(): { samples: number; maxRss: number; hwm: number; startRss: number } } {
  const startRss = memoryOf(pid).rss;
  let maxRss = startRss;
  let samples = 1;
  const timer = setInterval(() => {
    const { rss } = memoryOf(pid);
    if (!Number.isNaN(rss)) maxRss = Math.max(maxRss, rss);
    samples++;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const now = memoryOf(pid);
      return { samples, startRss, maxRss: Math.max(maxRss, now.rss), hwm: now.hwm };
    },
  };
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Measure 5: time from spawning the production server until /api/v1/health answers 200, then stops it. */
export async function measureStartup(env: NodeJS.ProcessEnv): Promise<{ seconds: number; listening: number; banner: string }> {
  const server = await startServer(env, 60_000);
  await server.stop();
  return { seconds: server.seconds, listening: server.listening, banner: server.banner };
}
