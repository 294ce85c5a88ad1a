// The bench's API server, run in its own process (`node --import tsx bench/server.ts`) so its
// memory can be measured apart from the load generator. It prints `BENCH_SERVER_PORT <n>` once
// listening, and stops on SIGTERM/SIGINT or when its standard input closes (the bench died).
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { buildServer } from '../src/server.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL || null;
const dataDir = process.env.BENCH_DATA_DIR || null;
if (!databaseUrl && !dataDir) throw new Error('bench/server.ts needs BENCH_DATABASE_URL or BENCH_DATA_DIR');

const database = await openDatabase({ databaseUrl, dataDir });
await migrate(database);
const app = await buildServer(database.db, { ...loadConfig({}), logLevel: 'silent', webDir: '/nonexistent' });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await app.close();
  } finally {
    await database.close();
    process.exit(0);
  }
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`BENCH_SERVER_PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
