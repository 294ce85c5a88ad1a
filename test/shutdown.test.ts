// Issue 10, decision 0023: graceful shutdown of the production server (`node build/cli.js start`,
// built first when its sources changed), spawned as a child process and sent SIGTERM while it has
// requests in flight, requests about to arrive on kept-alive connections and idle connections.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestDatabase, testDatabaseKinds } from './db.ts';
import { connect, head, type RawConnection } from './raw-http.ts';
import { buildServer, startServerProcess, type ServerProcess } from './server-process.ts';

const ADMIN = { email: 'shutdown-admin@example.test', password: 'correct horse battery' };
const DEADLINE_SECONDS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({
    DESKBILL_ADMIN_EMAIL: ADMIN.email, DESKBILL_ADMIN_PASSWORD: ADMIN.password, DESKBILL_SHUTDOWN_DEADLINE_SECONDS: String(DEADLINE_SECONDS), ...env,
  });
  await server.up();
  return server;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(20)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

for (const kind of testDatabaseKinds()) {
  test(`SIGTERM [${kind}]: not ready at once, no new connections, every request in flight answered 2xx with Connection: close, no reset, exit 0`, { timeout: 180_000 }, async () => {
    buildServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbill-shutdown-'));
    const database = kind === 'postgres' ? await createTestDatabase('postgres') : null;
    const opened: RawConnection[] = [];
    let server: ServerProcess | null = null;
    try {
      server = await startServer(database ? { DATABASE_URL: database.url! } : { DATA_DIR: dataDir });
      const { port } = server;
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      assert.equal(login.status, 200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const auth = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
      // One customer before the signal: the read below may run before any create in flight commits.
      const seeded = await fetch(`http://127.0.0.1:${port}/api/v1/customers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Shutdown Co seed', kind: 'company' }) });
      assert.equal(seeded.status, 201, await seeded.text());
      const open = async () => {
        const connection = await connect(port);
        opened.push(connection);
        return connection;
      };

      // In flight: 10 creates whose body is half sent.
      const bodies = Array.from({ length: 10 }, (_, i) => JSON.stringify({ name: `Shutdown Co ${i} ${'.'.repeat(150)}`, kind: 'company' }));
      const inFlight = await Promise.all(bodies.map(async (body) => {
        const connection = await open();
        connection.write(head('POST', '/api/v1/customers', { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) + body.slice(0, 100));
        return { connection, rest: body.slice(100) };
      }));
      // Kept alive after one answer, then the next request begun (its head half sent).
      const arriving = await Promise.all(['/api/v1/health/ready', '/api/v1/customers?limit=1'].map(async (path) => {
        const connection = await open();
        connection.write(head('GET', '/api/v1/health', auth));
        assert.equal((await connection.nextResponse()).status, 200);
        connection.write(head('GET', path, auth, true));
        return connection;
      }));
      // Kept alive and idle.
      const idle = await Promise.all([1, 2, 3].map(async () => {
        const connection = await open();
        connection.write(head('GET', '/api/v1/health'));
        const answer = await connection.nextResponse();
        assert.deepEqual([answer.status, answer.headers.connection], [200, 'keep-alive']);
        return connection;
      }));
      // A request that never finishes: cut at the deadline.
      const stuck = await open();
      stuck.write(head('POST', '/api/v1/customers', { ...auth, 'content-type': 'application/json', 'content-length': 1000 }) + '{"name":');
      await sleep(200);

      server.signal('SIGTERM');
      await until(() => /SIGTERM: shutting down/.test(server!.output()), 'the shutdown message');
      await until(() => idle.every((c) => c.isEnded()), 'the idle connections to be closed');
      for (const connection of idle) assert.equal((await connection.ended).reset, false, 'an idle connection is closed, not reset');
      assert.equal(await refused(port), true, 'no new connections');

      for (const { connection, rest } of inFlight) connection.write(rest);
      for (const connection of arriving) connection.write('\r\n');
      for (const { connection } of inFlight) {
        const answer = await connection.nextResponse();
        assert.equal(answer.status, 201, answer.body);
        assert.equal(answer.headers.connection, 'close');
        assert.equal((await connection.ended).reset, false, 'no reset after the answer');
      }
      const [readiness, read] = [await arriving[0]!.nextResponse(), await arriving[1]!.nextResponse()];
      assert.deepEqual([readiness.status, JSON.parse(readiness.body).error.code, readiness.headers.connection], [503, 'NOT_READY', 'close']);
      assert.deepEqual([read.status, read.headers.connection], [200, 'close']);
      assert.equal(JSON.parse(read.body).items.length, 1);
      for (const connection of arriving) assert.equal((await connection.ended).reset, false);

      assert.equal(await server.exited, 0, server.output());
      assert.match(server.output(), /Cut 1 connection\(s\) still open after 8 s[\s\S]*Stopped/, 'the unfinished request was cut at the deadline');
      // The child's exit may be seen before the close of its sockets.
      await until(() => stuck.isEnded(), 'the unfinished request to be closed', 5000);
    } finally {
      await server?.kill('SIGKILL');
      for (const connection of opened) connection.socket.destroy();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
