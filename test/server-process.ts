// The real server as a child process (`node build/cli.js start`, compiled by build-server.mjs as
// `npm start` does), for tests of what only a process shows: a kill, a restart, two instances.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './e2e/ports.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const children = new Set<ChildProcess>();
// Whatever happens to the test, no server is left running.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Compiles the server when its sources changed (a no-op when build/ is current). */
export function buildServerOnce(): void {
  execFileSync(process.execPath, ['build-server.mjs'], { cwd: root, stdio: 'ignore' });
}

export const ADMIN = { email: 'admin@process.test', password: 'process-admin-password' };

/** Where a server keeps its data: a PGlite folder, or a PostgreSQL database. */
export type Store = { dataDir: string } | { databaseUrl: string };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process ended, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then waits for the end (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/** The environment of a server on `store` (no demo data, a known admin) with `extra` on top. */
export function serverEnv(store: Store, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, DESKBILL_FAILPOINTS: _fp, ...inherited } = process.env;
  return {
    ...inherited,
    TZ: 'UTC',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DESKBILL_DEMO: '0',
    DESKBILL_ADMIN_EMAIL: ADMIN.email,
    DESKBILL_ADMIN_PASSWORD: ADMIN.password,
    DESKBILL_WEB_DIR: '/nonexistent',
    ...('dataDir' in store ? { DATA_DIR: store.dataDir } : { DATABASE_URL: store.databaseUrl }),
    ...extra,
  };
}

/** Runs a CLI command of the built server on `store` and returns its exit code and output. */
export function runCli(store: Store, args: string[]): { status: number | null; output: string } {
  try {
    const output = execFileSync(process.execPath, ['build/cli.js', ...args], { cwd: root, env: serverEnv(store, 0), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number | null; stdout?: string; stderr?: string };
    return { status: failed.status, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Starts the server on `store` and waits until its health answers (or it dies). */
export async function startServer(store: Store, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['build/cli.js', 'start'], { cwd: root, env: serverEnv(store, port, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  for (const deadline = Date.now() + 60_000; ; ) {
    if (ended) throw new Error(`The server ended before answering:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within 60 s:\n${output}`);
    }
    const health = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (health?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (!ended) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
