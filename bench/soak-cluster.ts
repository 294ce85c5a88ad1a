// The soak's own PostgreSQL cluster: initdb into a temporary folder, started on a free port, so that
// the soak can restart PostgreSQL mid-run without touching the machine's shared server (other
// people's tests use it). initdb refuses to run as root: as root, every pg_ctl/initdb runs as the
// `postgres` OS user (runuser), in a folder that user owns.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './child.ts';

const run = promisify(execFile);

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres: the admin database, to create the soak's own. */
  adminUrl: string;
  label: string;
  /** Restarts PostgreSQL (or, on the shared server, ends the soak database's connections); returns the seconds it took. */
  restart(): Promise<number>;
  /** Stops the cluster and deletes its folder; safe to call twice. */
  stop(): Promise<void>;
  /** What `restart` does, for the report. */
  restartKind: string;
}

function binDir(): string {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    /* no pg_config: the Debian location below */
  }
  return '/usr/lib/postgresql/15/bin';
}

/** The uid and gid of the `postgres` OS user. */
function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Starts a fresh cluster of the soak's own. Throws when it cannot (no binaries, no postgres user…). */
export async function startOwnCluster(): Promise<Cluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-soak-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const tool = (name: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args]);
  const pgCtl = (args: string[], timeoutMs = 60_000) => {
    const [cmd, argv] = tool('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', ...args]);
    return run(cmd, argv, { timeout: timeoutMs });
  };
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (existsSync(join(data, 'postmaster.pid'))) {
        const [cmd, argv] = tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        execFileSync(cmd, argv, { stdio: 'ignore', timeout: 30_000 });
      }
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Last resort: whatever way this process ends, the cluster does not outlive it.
  process.once('exit', stopSync);
  try {
    if (asRoot) {
      const { uid, gid } = postgresUser();
      chownSync(dir, uid, gid);
    }
    const [cmd, argv] = tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
    await run(cmd, argv, { timeout: 120_000 });
    const port = await freePort();
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=60`;
    await pgCtl(['-o', options, 'start']);
    return {
      adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      label: `its own PostgreSQL cluster (${bin}, port ${port}, ${dir})`,
      restartKind: 'pg_ctl restart -m fast of the soak\'s own cluster',
      async restart() {
        const start = performance.now();
        await pgCtl(['-m', 'fast', '-o', options, 'restart']);
        return (performance.now() - start) / 1000;
      },
      async stop() {
        if (stopped) return;
        try {
          await pgCtl(['-m', 'fast', 'stop']);
        } catch (error) {
          console.error(`stopping the soak cluster: ${(error as Error).message}; ${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''}`);
        }
        stopSync();
      },
    };
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    stopSync();
    throw new Error(`${(error as Error).message}${tail ? `\n${tail}` : ''}`, { cause: error });
  }
}

/**
 * The fallback: the shared server, where the soak may not restart PostgreSQL. "Restart" ends every
 * connection to the soak's database with pg_terminate_backend instead, which the servers see as a
 * restart (their connections die mid-transaction and are replaced).
 */
export function sharedServer(adminUrl: string, database: () => string): Cluster {
  return {
    adminUrl,
    label: `the shared PostgreSQL server ${new URL(adminUrl).host} (FALLBACK: no cluster of its own)`,
    restartKind: 'pg_terminate_backend of every connection to the soak database on the SHARED server (fallback: PostgreSQL itself was not restarted)',
    async restart() {
      const start = performance.now();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database()]);
      } finally {
        await client.end();
      }
      return (performance.now() - start) / 1000;
    },
    stop: async () => {},
  };
}
