// The production server (`node build/cli.js`, decision 0020) as child processes of a test: started,
// asked for its health, killed. Every child still running when the test process ends is killed
// (an 'exit' handler), whatever the test did; `stopAll` in an after() hook ends them cleanly.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './e2e/ports.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Builds build/ when its sources changed (what `npm start` does first). */
export function buildServer(): void {
  execFileSync(process.execPath, ['build-server.mjs'], { cwd: ROOT, stdio: 'ignore' });
}

/** The environment of a child: nothing inherited but PATH, so the test's own settings do not leak in. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DESKBILL_WEB_DIR: '/nonexistent', DESKBILL_DEMO: '0', ...env };
}

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  /** What it wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone and reaped. */
  exited: Promise<number | null>;
  /** Waits until GET /api/v1/health answers 200; throws with the output if the process exits first or `timeoutMs` passes. */
  up(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Sends `signal` and returns at once (to watch what the process does meanwhile). */
  signal(signal: NodeJS.Signals): void;
}

/** Spawns `node build/cli.js start` on a free port with `env` (DATABASE_URL or DATA_DIR, DESKBILL_*). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['build/cli.js', 'start'], { cwd: ROOT, env: childEnv({ ...env, PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error('could not spawn build/cli.js start');
  running.add(proc);
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => {
    running.delete(proc);
    resolve(code);
  }));
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  return {
    pid: proc.pid,
    port,
    url,
    output: () => output,
    exited,
    async up(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (gone()) throw new Error(`the server (pid ${proc.pid}) exited with ${proc.exitCode ?? proc.signalCode}:\n${output}`);
        const status = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
        if (status === 200) return;
        await sleep(50);
      }
      throw new Error(`the server (pid ${proc.pid}) did not answer /api/v1/health within ${timeoutMs / 1000} s:\n${output}`);
    },
    async kill(signal) {
      if (!gone()) proc.kill(signal);
      await exited;
    },
    signal(signal) {
      proc.kill(signal);
    },
  };
}

/** Stops every child still running (SIGTERM, then SIGKILL after 10 s). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(async (proc) => {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }));
}

/** Runs `node build/cli.js <args>` to its end; answers its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['build/cli.js', ...args], { cwd: ROOT, env: childEnv(env) }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}
