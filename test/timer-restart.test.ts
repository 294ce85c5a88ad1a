// R79: a timer lives in the database, so a server restart changes nothing. The production server
// (build/cli.js) runs as a child process; a timer started through it is found by the next process on
// the same database, still running and counting the time the server was down, and is then stopped
// and confirmed as an entry. On the embedded database (a data folder), and on PostgreSQL when
// TEST_DATABASE_URL is set.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ok, RemoteApiClient } from './api.ts';
import { createEmptyPostgresDatabase } from './db.ts';
import { createBillingSetup } from './factories.ts';
import { buildServer, startServerProcess, stopAll } from './server-process.ts';

const ADMIN = { email: 'timer-admin@example.test', password: 'correct horse battery' };
const cleanups: Array<() => Promise<void> | void> = [];

before(() => buildServer());
after(async () => {
  await stopAll();
  for (const cleanup of cleanups) await cleanup();
});

async function databaseEnv(kind: 'embedded' | 'postgres'): Promise<Record<string, string>> {
  if (kind === 'postgres') {
    const database = await createEmptyPostgresDatabase();
    cleanups.push(() => database.drop());
    return { DATABASE_URL: database.url };
  }
  const folder = mkdtempSync(join(tmpdir(), 'deskbill-timer-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return { DATA_DIR: join(folder, 'data') };
}

const kinds: Array<'embedded' | 'postgres'> = process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
for (const kind of kinds) {
  test(`R79: a timer survives a server restart and goes on counting (${kind})`, async () => {
    const env = await databaseEnv(kind);
    const first = await startServerProcess({ ...env, DESKBILL_ADMIN_EMAIL: ADMIN.email, DESKBILL_ADMIN_PASSWORD: ADMIN.password });
    await first.up();
    const api = await RemoteApiClient.signIn(first.url, ADMIN);
    const { ticket } = await createBillingSetup(api);
    const started = ok(await api.post(`/tickets/${ticket.id}/timer`, {}));
    await first.kill('SIGTERM');
    const downFor = Date.now();
    await sleep(2000);

    const second = await startServerProcess(env);
    await second.up();
    const again = api.at(second.url);
    const { timer } = ok(await again.get('/timers/current'));
    assert.deepEqual([timer.id, timer.ticketId, timer.state, timer.startedAt], [started.id, ticket.id, 'running', started.startedAt]);
    // It counted while no server ran: at least the 2 s of the pause.
    assert.ok(timer.elapsedSeconds >= 2, `${timer.elapsedSeconds} s after ${Date.now() - downFor} ms`);
    const stopped = ok(await again.post('/timers/current/stop', {}));
    assert.equal(stopped.draft.minutes, 1);
    const entry = ok(await again.post('/timers/current/confirm', { description: 'After the restart' }));
    assert.deepEqual([entry.ticketId, entry.minutes, entry.description], [ticket.id, 1, 'After the restart']);
    assert.deepEqual(ok(await again.get('/timers/current')), { timer: null });
    await second.kill('SIGTERM');
  });
}
