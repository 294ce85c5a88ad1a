import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

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

/** Spawns `node --import tsx <args>` in the repository, with exactly `env` (`compiled`: plain `node <args>`, for the built server). */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv, compiled = false): Child {
  if (refusing) throw new Error('the bench is stopping');
  const proc = spawn(process.execPath, compiled ? args : ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
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

/** Starts bench/server.ts and waits (at most 2 minutes) for the port it prints. */
export async function startBenchServer(env: NodeJS.ProcessEnv): Promise<Child & { port: number }> {
  const child = spawnNode(['bench/server.ts'], env);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('bench/server.ts did not print its port within 120 s')), 120_000);
      child.proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /BENCH_SERVER_PORT (\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      void child.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`bench/server.ts exited before listening: ${child.stderr()}`));
      });
    });
    return Object.assign(child, { port });
  } catch (error) {
    await child.stop();
    throw error;
  }
}

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

/**
 * Measure 5: time from spawning `node build/cli.js start` (what `npm start` runs once the server
 * is built, decision 0020) until GET /api/v1/health answers 200 (at most 60 s), then stops it. `banner`: the line it printed once running, at `listening` s.
 */
export async function measureStartup(env: NodeJS.ProcessEnv): Promise<{ seconds: number; listening: number; banner: string }> {
  execFileSync(process.execPath, ['build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const port = await freePort();
  const start = performance.now();
  const child = spawnNode(['build/cli.js', 'start'], { ...env, PORT: String(port), HOST: '127.0.0.1', DESKBILL_DEMO: '0' }, true);
  let listening = NaN;
  let banner = '';
  child.proc.stdout!.on('data', (chunk: Buffer) => {
    const running = /Deskbill is running[^\n]*/.exec(chunk.toString('utf8'));
    if (running && !banner) [banner, listening] = [running[0], (performance.now() - start) / 1000];
  });
  try {
    while (performance.now() - start < 60_000) {
      if (child.proc.exitCode !== null) throw new Error(`build/cli.js start exited with ${child.proc.exitCode}: ${child.stderr()}`);
      try {
        const reply = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        await reply.arrayBuffer();
        if (reply.status === 200) return { seconds: (performance.now() - start) / 1000, listening, banner };
      } catch {
        /* not listening yet */
      }
      await sleep(20);
    }
    throw new Error(`build/cli.js start did not answer /api/v1/health within 60 s: ${child.stderr()}`);
  } finally {
    await child.stop();
  }
}
