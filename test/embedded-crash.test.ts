// Issue 10: the embedded database (PGlite) survives a kill. The production server (build/cli.js)
// runs as a child process on a data folder of its own, takes writes through the API and is killed
// with SIGKILL while they run; restarted on the same folder, it has every write it acknowledged,
// and the billing invariants hold. A second process on a folder in use is refused, naming the holder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildServer, runCli, startServerProcess, stopAll, type ServerProcess } from './server-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'deskbill-crash-'));
const dataDir = join(folder, 'data');
const env = { DATA_DIR: dataDir };
const lockFile = join(dataDir, 'deskbill.lock');
const ADMIN = { email: 'ops@example.test', password: 'correct horse battery' };
let token = '';

before(() => buildServer());
after(async () => {
  await stopAll();
  rmSync(folder, { recursive: true, force: true });
});

/** A JSON call with the API token; answers the status and the body (null when the connection failed). */
async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, body: text ? JSON.parse(text) : null };
}

/** Signs in as the admin and creates an API token, as the README's curl workflow does. */
async function apiToken(server: ServerProcess): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  assert.equal(login.status, 200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const created = await fetch(`${server.url}/api/v1/api-tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'crash test' }),
  });
  assert.equal(created.status, 201);
  return ((await created.json()) as { token: string }).token;
}

async function ok(server: ServerProcess, method: string, path: string, body?: unknown): Promise<any> {
  const reply = await call(server, method, path, body);
  assert.ok(reply.status >= 200 && reply.status < 300, `${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

test('SIGKILL during writes: the restart on the same folder has every acknowledged write and the invariants hold', async () => {
  const first = await startServerProcess({ ...env, DESKBILL_ADMIN_EMAIL: ADMIN.email, DESKBILL_ADMIN_PASSWORD: ADMIN.password });
  await first.up();
  token = await apiToken(first);

  // A second process on the folder in use is refused, naming the holder; the holder keeps its lock.
  const second = await startServerProcess(env);
  assert.equal(await second.exited, 1);
  assert.match(second.output(), new RegExp(`The data folder .* is in use by another Deskbill process \\(pid ${first.pid}\\)`));
  assert.equal(readFileSync(lockFile, 'utf8').trim(), String(first.pid));

  const team = await ok(first, 'POST', '/teams', { name: 'Support', timesheetsEnabled: true, billingEnabled: true });
  const customer = await ok(first, 'POST', '/customers', { name: 'Acme', kind: 'company' });
  const product = await ok(first, 'POST', '/products', { name: 'Support hour', unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await ok(first, 'POST', '/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
  const line = (await ok(first, 'POST', `/sale-orders/${order.id}/confirm`)).lines[0];
  const ticket = await ok(first, 'POST', '/tickets', { teamId: team.id, subject: 'VPN drops', customerId: customer.id, saleOrderLineId: line.id });

  // Four clients log time; an invoice is drafted and posted along the way. Every 201 is recorded.
  const acknowledged: Array<{ id: string; minutes: number }> = [];
  const posted: string[] = [];
  let killed = false;
  const today = new Date().toISOString().slice(0, 10);
  const client = async (n: number) => {
    for (let i = 0; !killed; i++) {
      const minutes = 1 + ((n * 37 + i) % 240);
      const reply = await call(first, 'POST', `/tickets/${ticket.id}/timesheets`, { date: today, minutes, description: `client ${n} entry ${i}` }).catch(() => null);
      if (!reply) return; // the server is gone
      if (reply.status === 201) acknowledged.push({ id: reply.body.id, minutes });
      else assert.fail(`logging time answered ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  };
  const invoicer = async () => {
    while (!killed && acknowledged.length < 20) await sleep(20);
    if (killed) return;
    const draft = await ok(first, 'POST', `/sale-orders/${order.id}/invoices`, {});
    await ok(first, 'POST', `/invoices/${draft.id}/post`, {});
    posted.push(draft.id);
  };
  const writers = Promise.all([0, 1, 2, 3].map(client));
  const invoicing = invoicer();
  const enough = (async () => {
    while (acknowledged.length < 60 || posted.length === 0) await sleep(20);
  })();
  await Promise.race([enough, writers, invoicing.then(() => enough)]);
  killed = true;
  await first.kill('SIGKILL');
  await Promise.all([writers, invoicing]);

  // The killed process left its lock file behind; the restart takes it over (its pid is dead).
  assert.equal(readFileSync(lockFile, 'utf8').trim(), String(first.pid));
  const restarted = await startServerProcess(env);
  await restarted.up();
  const entries: Array<{ id: string; minutes: number }> = [];
  for (let cursor: string | null = null; ;) {
    const page: { items: Array<{ id: string; minutes: number }>; nextCursor: string | null } = await ok(restarted, 'GET', `/tickets/${ticket.id}/timesheets?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    entries.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const found = new Map(entries.map((e) => [e.id, e.minutes]));
  const missing = acknowledged.filter((a) => found.get(a.id) !== a.minutes);
  assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged entries are missing after the restart`);
  assert.ok(entries.length <= acknowledged.length + 4, 'at most the requests in flight were committed unanswered');
  const invoice = await ok(restarted, 'GET', `/invoices/${posted[0]}`);
  assert.equal(invoice.state, 'posted');
  await restarted.kill('SIGTERM');
  assert.equal(existsSync(lockFile), false, 'a clean stop removes the lock');

  const check = await runCli(['check'], env);
  assert.equal(check.code, 0, check.out);
  assert.match(check.out, /Billing invariants: all hold\./);
});
