// npm run soak (issue 10): two instances of the built server on one PostgreSQL database, 40 agents
// logging, editing and deleting time and 8 invoicers invoicing, posting, reversing and crediting on
// the same orders at once, round-robin over the instances. Every POST carries an Idempotency-Key; a
// tenth of the writes drop their answer and retry with the same key; an instance is killed (SIGKILL)
// and restarted 5 times and PostgreSQL restarted once while the load runs. Then the database is
// compared with the ledger of acknowledged writes and the invariants checker runs; any failure
// exits 1. PostgreSQL is a cluster of the soak's own (initdb in a temporary folder, removed at the
// end), or, if that cannot be made, a throw-away database on SOAK_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), where the restart becomes pg_terminate_backend
// (SOAK_SHARED=1 forces that fallback).
//   --short   at most 60 s: fewer operations, 2 kills, the PostgreSQL restart (what .ci/run runs)
// Bounds: at most 20,000 operations and 5 minutes.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { createApiToken } from '../src/modules/accounts/index.ts';
import { openDatabase, queryRows, type Db } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { ROOT, startServer, stopChildren, type Started } from './child.ts';
import { cleanup, onCleanup } from './cleanup.ts';
import { generateBase } from './generate.ts';
import { Ledger, Router, Stats, errorCode, historyLine, type Instance } from './soak-load.ts';
import { sharedServer, startOwnCluster, type Cluster } from './soak-cluster.ts';
import { verify } from './soak-verify.ts';
import { createTarget, type Target } from './target.ts';

const SHORT = process.argv.includes('--short');
const AGENTS = 40;
const INVOICERS = 8;
const OPERATIONS = SHORT ? 2_500 : 20_000;
/** The load stops at OPERATIONS or after this long, whichever first. */
const LOAD_SECONDS = SHORT ? 20 : 220;
/** How much longer the load may run while a disruption is still to come (an instance slow to start again). */
const DISRUPTION_GRACE_SECONDS = SHORT ? 15 : 30;
const DROP_RATE = 0.1;
/** When each disruption happens, as a fraction of the run (operations done or time spent, whichever is further). */
const KILLS = SHORT ? [0.15, 0.55] : [0.1, 0.26, 0.42, 0.66, 0.82];
const PG_RESTART = SHORT ? 0.35 : 0.54;
/** After PostgreSQL answers again, 5xx are still counted as "during the restart" this long (pools replacing dead connections). */
const PG_GRACE_MS = 2_000;
const ORDERS = 8;
const TICKETS_PER_LINE = 5;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface Seed {
  agentTokens: string[];
  invoicerTokens: string[];
  tickets: number[];
  orders: number[];
}

/** 8 confirmed orders (an hourly and a daily line each), 5 open tickets per line, a token per agent and per accountant. */
async function seed(db: Db): Promise<Seed> {
  await generateBase(db, AGENTS);
  await queryRows(db, sql`
    INSERT INTO customers (name, kind, email, city, country)
    SELECT 'Soak customer ' || g, 'company', 'soak' || g || '@soak.test', 'Lyon', 'FR' FROM generate_series(1, 4) g`);
  await queryRows(db, sql`
    INSERT INTO sale_orders (customer_id, state, confirmed_at)
    SELECT c.id, 'confirmed', now() FROM customers c CROSS JOIN generate_series(1, ${ORDERS / 4}) ORDER BY c.id`);
  await queryRows(db, sql`
    INSERT INTO sale_order_lines (order_id, sequence, product_id, description, unit, invoicing_policy, quantity, unit_price, tax_rate)
    SELECT o.id, CASE p.unit WHEN 'hour' THEN 10 ELSE 20 END, p.id, p.name, p.unit, p.invoicing_policy, 50, p.unit_price, p.tax_rate
      FROM sale_orders o CROSS JOIN products p WHERE p.name IN ('Support (hour)', 'Support (day)')`);
  await queryRows(db, sql`
    WITH tm AS (SELECT t.id, row_number() OVER (ORDER BY t.id) - 1 AS rn,
                       (SELECT s.id FROM stages s WHERE s.team_id = t.id AND NOT s.closed ORDER BY s.sequence LIMIT 1) AS open_stage
                  FROM teams t)
    INSERT INTO tickets (subject, team_id, customer_id, stage_id, sale_order_line_id)
    SELECT 'Soak ticket ' || l.id || '.' || g, tm.id, o.customer_id, tm.open_stage, l.id
      FROM sale_order_lines l JOIN sale_orders o ON o.id = l.order_id
      CROSS JOIN generate_series(1, ${TICKETS_PER_LINE}) g
      JOIN tm ON tm.rn = (l.id + g) % 3`);
  await queryRows(db, sql`
    INSERT INTO users (name, email, role) SELECT 'Invoicer ' || g, 'invoicer' || g || '@soak.test', 'accountant' FROM generate_series(1, ${INVOICERS}) g`);
  const tokensOf = async (role: string) => {
    const users = await queryRows<{ id: number }>(db, sql`SELECT id FROM users WHERE role = ${role} ORDER BY id`);
    return Promise.all(users.map(async (u) => (await createApiToken(db, u.id, 'soak')).token));
  };
  const tickets = (await queryRows<{ id: number }>(db, sql`SELECT id FROM tickets ORDER BY id`)).map((r) => r.id);
  const orders = (await queryRows<{ id: number }>(db, sql`SELECT id FROM sale_orders ORDER BY id`)).map((r) => r.id);
  return { agentTokens: await tokensOf('agent'), invoicerTokens: await tokensOf('accountant'), tickets, orders };
}

/** A date of the last 20 days (UTC), as the agents log time. */
function recentDate(): string {
  return new Date(Date.now() - Math.floor(Math.random() * 20) * 86_400_000).toISOString().slice(0, 10);
}

/** One agent: logs time (55 %), edits (25 %) or deletes (20 %) one of its latest entries; an invoiced one (409) leaves its list. */
async function agent(token: string, tickets: number[], router: Router, ledger: Ledger, more: () => boolean): Promise<void> {
  const mine: string[] = [];
  while (more()) {
    const r = Math.random();
    if (mine.length === 0 || r < 0.55) {
      const key = randomUUID();
      const minutes = 5 + Math.floor(Math.random() * 236);
      const reply = await router.perform('log time', 'POST', `/tickets/${pick(tickets)}/timesheets`, token, { date: recentDate(), minutes, description: `soak ${key}` }, key);
      if (reply?.status === 201) {
        const id = (reply.body as { id: string }).id;
        ledger.entries.set(id, { id, key, minutes: new Set([minutes]), deleted: false, maybeDeleted: false, history: [historyLine('log time', reply, `${minutes} min`)] });
        mine.push(id);
      }
    } else if (r < 0.8) {
      // Among its latest entries, the ones not yet invoiced (invoiced time answers 409 and is dropped from the list).
      const index = Math.max(0, mine.length - 1 - Math.floor(Math.random() * 4));
      const id = mine[index]!;
      const minutes = 5 + Math.floor(Math.random() * 236);
      const reply = await router.perform('edit time', 'PATCH', `/timesheets/${id}`, token, { minutes });
      const entry = ledger.entries.get(id)!;
      entry.history.push(historyLine('edit time', reply, `${minutes} min`));
      if (reply?.status === 200) entry.minutes = new Set([minutes]);
      // Refused after a dropped attempt, or never answered: the first attempt may have changed it.
      else if (!reply || reply.retried) entry.minutes.add(minutes);
      if (reply && errorCode(reply.text) === 'TIMESHEET_INVOICED') mine.splice(index, 1);
    } else {
      const index = Math.max(0, mine.length - 1 - Math.floor(Math.random() * 4));
      const id = mine[index]!;
      const reply = await router.perform('delete time', 'DELETE', `/timesheets/${id}`, token);
      // A retried DELETE answering 404: the first attempt deleted it (decision 0022).
      const entry = ledger.entries.get(id)!;
      entry.history.push(historyLine('delete time', reply));
      if (reply && (reply.status === 204 || (reply.status === 404 && reply.retried))) entry.deleted = true;
      else if (!reply || reply.retried) entry.maybeDeleted = true;
      if (reply && (reply.status === 204 || reply.status === 404 || errorCode(reply.text) === 'TIMESHEET_INVOICED')) mine.splice(index, 1);
    }
  }
}

/** Posts a draft (an invoice or a credit note); a draft whose post is refused is deleted, not left behind. */
async function postDraft(router: Router, ledger: Ledger, token: string, draft: { id: string; kind: 'invoice' | 'credit_note' }, op: string): Promise<void> {
  const reply = await router.perform(op, 'POST', `/invoices/${draft.id}/post`, token, {});
  if (reply?.status === 200) {
    ledger.recordPosted(reply.body);
    return;
  }
  if (reply && errorCode(reply.text) === 'INVOICE_POSTED') ledger.postNotReplayed.push(draft.id);
  if (reply) await deleteDraft(router, ledger, token, draft);
}

async function deleteDraft(router: Router, ledger: Ledger, token: string, draft: { id: string; kind: 'invoice' | 'credit_note' }): Promise<void> {
  const reply = await router.perform('delete draft', 'DELETE', `/invoices/${draft.id}`, token);
  if (reply && (reply.status === 204 || (reply.status === 404 && reply.retried))) ledger.draftsDeleted[draft.kind]++;
}

/** One invoicer: invoice and post at once (30 %), draft then post or delete (25 %), reverse (20 %), credit some entries (25 %). */
async function invoicer(token: string, orders: number[], router: Router, ledger: Ledger, more: () => boolean): Promise<void> {
  while (more()) {
    const r = Math.random();
    const order = pick(orders);
    const posted = [...ledger.posted.values()].filter((d) => d.kind === 'invoice');
    if (r < 0.3 || posted.length === 0) {
      const reply = await router.perform('invoice and post', 'POST', `/sale-orders/${order}/invoices`, token, { post: true });
      if (reply?.status === 201) {
        ledger.created.invoice++;
        ledger.recordPosted(reply.body);
      }
    } else if (r < 0.55) {
      const reply = await router.perform('draft invoice', 'POST', `/sale-orders/${order}/invoices`, token, {});
      if (reply?.status !== 201) continue;
      ledger.created.invoice++;
      const draft = reply.body as { id: string; kind: 'invoice' };
      if (Math.random() < 0.85) await postDraft(router, ledger, token, draft, 'post draft');
      else await deleteDraft(router, ledger, token, draft);
    } else {
      const target = pick(posted.slice(-20));
      const reply = r < 0.75
        ? await router.perform('reverse', 'POST', `/invoices/${target.id}/reverse`, token)
        : await router.perform('credit entries', 'POST', `/invoices/${target.id}/credit-notes`, token, { timesheetIds: [...new Set([pick(target.timesheetIds), pick(target.timesheetIds)])] });
      if (reply?.status !== 201) continue;
      ledger.created.credit_note++;
      await postDraft(router, ledger, token, reply.body as { id: string; kind: 'credit_note' }, 'post credit note');
    }
  }
}

/** The servers' error lines (pino level ≥ 50), for the report when something answered 5xx or crashed. */
const serverErrorLines: string[] = [];
/** Instances that exited without being killed by the soak, with the end of what they wrote on stderr. */
const crashes: string[] = [];
const killedBySoak = new Set<number>();
/** Starts refused (PostgreSQL restarting) and tried again. */
const startRetries: string[] = [];
let stopping = false;

/**
 * Starts instance `name` (on `port` when restarting it) and watches its errors and an exit the soak
 * did not cause. A start refused while PostgreSQL restarts ("the database system is starting up":
 * the server exits when it cannot migrate) is tried again, as a supervisor would, for 60 s.
 */
async function launch(env: NodeJS.ProcessEnv, name: string, port?: number, onCrash?: (server: Started) => void): Promise<Started> {
  const since = performance.now();
  let server: Started;
  for (;;) {
    try {
      server = await startServer(env, 60_000, port);
      break;
    } catch (error) {
      if (stopping || performance.now() - since > 60_000) throw error;
      startRetries.push(`${name}: ${(error as Error).message.split('\n')[0]!.slice(0, 200)}`);
      await sleep(500);
    }
  }
  server.proc.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (/"level":(50|60)/.test(line) && serverErrorLines.length < 200) serverErrorLines.push(`${name}: ${line.slice(0, 600)}`);
    }
  });
  void server.exited.then(() => {
    if (stopping || killedBySoak.has(server.pid)) return;
    crashes.push(`instance ${name} (pid ${server.pid}) exited by itself (code ${server.proc.exitCode}, signal ${server.proc.signalCode}): ${server.stderr().slice(-1500)}`);
    onCrash?.(server);
  });
  return server;
}

async function main(): Promise<boolean> {
  const runStart = performance.now();
  const seconds = () => `${((performance.now() - runStart) / 1000).toFixed(1)} s`;
  execFileSync(process.execPath, ['build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  let cluster: Cluster;
  let target: Target | null = null;
  try {
    if (process.env.SOAK_SHARED === '1') throw new Error('SOAK_SHARED=1');
    cluster = await startOwnCluster();
  } catch (error) {
    const shared = process.env.SOAK_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    console.log(`!!! Could not run a PostgreSQL cluster of the soak's own (${(error as Error).message.split('\n')[0]}).`);
    console.log(`!!! FALLBACK: the shared server ${new URL(shared).host}; the "PostgreSQL restart" is pg_terminate_backend of the soak database's connections, NOT a restart.`);
    cluster = sharedServer(shared, () => (target?.url ? new URL(target.url).pathname.slice(1) : ''));
  }
  onCleanup(() => cluster.stop());
  console.log(`[${seconds()}] PostgreSQL ready`);
  const made = await createTarget(cluster.adminUrl);
  target = made;
  onCleanup(() => made.destroy());
  onCleanup(stopChildren); // before the database is dropped and the cluster stopped
  console.log(`Deskbill soak${SHORT ? ' (short)' : ''}: ${target.label} on ${cluster.label}; Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

  const database = await openDatabase({ databaseUrl: target.url, dataDir: null, poolSize: 2 });
  await migrate(database);
  console.log(`[${seconds()}] Migrated`);
  const data = await seed(database.db);
  await database.close(); // the soak holds no connection while PostgreSQL restarts
  console.log(`[${seconds()}] Seeded: ${data.orders.length} confirmed orders (an hourly and a daily line each), ${data.tickets.length} open tickets, ${data.agentTokens.length} agents and ${data.invoicerTokens.length} invoicers with a token each`);

  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', BENCH_DATABASE_URL: target.url!, DATA_DIR: target.tempDir };
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'DESKBILL_ADMIN_EMAIL', 'DESKBILL_ADMIN_PASSWORD', 'NODE_OPTIONS']) delete env[name];
  // Each instance's current process; one that crashes is started again on its port (the crash itself fails the run).
  const servers: Array<Promise<Started>> = [];
  const relaunch = (index: number) => () => {
    servers[index] = launch(env, 'AB'[index]!, instances[index]!.port, relaunch(index));
    servers[index].catch((error: unknown) => crashes.push(`restarting ${'AB'[index]}: ${(error as Error).message}`));
  };
  servers.push(...[0, 1].map((index) => launch(env, 'AB'[index]!, undefined, relaunch(index))));
  const first = await Promise.all(servers);
  const instances: Instance[] = first.map((s, i) => ({ name: 'AB'[i]!, port: s.port, agent: new http.Agent({ keepAlive: true, maxSockets: 64 }) }));
  onCleanup(async () => instances.forEach((i) => i.agent.destroy()));
  console.log(`[${seconds()}] Instances: ${instances.map((i, n) => `${i.name} on port ${i.port} (pid ${first[n]!.pid})`).join(', ')}`);

  const stats = new Stats();
  const ledger = new Ledger();
  const router = new Router(instances, stats, DROP_RATE);
  const loadStart = performance.now();
  const progress = () => Math.max(stats.operations / OPERATIONS, (performance.now() - loadStart) / (LOAD_SECONDS * 1000));
  // The load runs until OPERATIONS or LOAD_SECONDS, and on (up to DISRUPTION_GRACE_SECONDS more) until every disruption has happened.
  let disrupted = false;
  const more = () => {
    const elapsed = performance.now() - loadStart;
    return (stats.operations < OPERATIONS && elapsed < LOAD_SECONDS * 1000) || (!disrupted && elapsed < (LOAD_SECONDS + DISRUPTION_GRACE_SECONDS) * 1000);
  };

  // The disruptions, in order of when they happen.
  const events = [...KILLS.map((at) => ({ at, kind: 'kill' as const })), { at: PG_RESTART, kind: 'pg' as const }].sort((a, b) => a.at - b.at);
  const happened: string[] = [];
  const chaos = (async () => {
    let kills = 0;
    for (const event of events) {
      while (progress() < event.at && more()) await sleep(50);
      if (!more()) break;
      if (event.kind === 'kill') await Promise.allSettled(servers); // one instance down at a time: the other is back before a kill
      const t = ((performance.now() - loadStart) / 1000).toFixed(1);
      if (event.kind === 'kill') {
        const index = kills++ % servers.length;
        const victim = await servers[index]!;
        const before = performance.now();
        killedBySoak.add(victim.pid);
        victim.proc.kill('SIGKILL');
        await victim.exited;
        const line = happened.push(`${t} s: SIGKILL instance ${instances[index]!.name} (pid ${victim.pid})`) - 1;
        // Started again in the background: the next disruption does not wait for it (a kill of the same instance does).
        servers[index] = sleep(300).then(() => launch(env, instances[index]!.name, instances[index]!.port, relaunch(index)));
        servers[index].then(
          (restarted) => (happened[line] += `, back on port ${restarted.port} as pid ${restarted.pid} after ${((performance.now() - before) / 1000).toFixed(1)} s`),
          (error: unknown) => crashes.push(`restarting ${instances[index]!.name}: ${(error as Error).message}`),
        );
      } else {
        router.pgRestarting = true;
        try {
          const seconds = await cluster.restart();
          happened.push(`${t} s: ${cluster.restartKind}, ${seconds.toFixed(1)} s`);
        } finally {
          setTimeout(() => (router.pgRestarting = false), PG_GRACE_MS);
        }
      }
    }
    disrupted = true;
  })();
  const ticker = setInterval(() => console.log(`[${seconds()}] ${stats.operations} operations, ${stats.acknowledged} acknowledged, ${stats.unresolved} unresolved, ${stats.serverErrors.length} 5xx`), SHORT ? 10_000 : 30_000);
  await Promise.all([
    ...data.agentTokens.map((token) => agent(token, data.tickets, router, ledger, more)),
    ...data.invoicerTokens.map((token) => invoicer(token, data.orders, router, ledger, more)),
    chaos,
  ]);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  await Promise.allSettled(servers); // instances still starting again
  clearInterval(ticker);
  stopping = true;
  await sleep(PG_GRACE_MS);

  const check = await openDatabase({ databaseUrl: target.url, dataDir: null, poolSize: 2 });
  onCleanup(() => check.close());
  const result = await verify(check.db, ledger, stats.unresolved === 0);

  // While PostgreSQL restarts, a live instance answers 503 DATABASE_UNAVAILABLE (Retry-After: 1) and the client retries; any other 5xx is a failure.
  const expected = (e: (typeof stats.serverErrors)[number]) => e.duringPgRestart && e.status === 503 && errorCode(e.text) === 'DATABASE_UNAVAILABLE';
  const live5xx = stats.serverErrors.filter((e) => !expected(e));
  const pg5xx = stats.serverErrors.filter(expected);
  const kills = happened.filter((h) => h.includes('SIGKILL')).length;
  const restarts = happened.length - kills;
  console.log('');
  console.log(`Disruptions (${kills} kills, ${restarts} PostgreSQL restart):`);
  for (const h of happened) console.log(`  ${h}`);
  console.log('');
  console.log(`Load: ${loadSeconds.toFixed(1)} s, ${AGENTS} agents + ${INVOICERS} invoicers round-robin over 2 instances, ${(stats.operations / loadSeconds).toFixed(0)} operations/s`);
  console.log(`  operations sent        ${stats.operations} (${stats.requests} HTTP requests with retries)`);
  console.log(`  acknowledged (2xx)     ${stats.acknowledged}`);
  console.log(`  refused (4xx, final)   ${[...stats.refused.values()].reduce((a, b) => a + b, 0)}: ${[...stats.refused].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
  console.log(`  unresolved             ${stats.unresolved}`);
  console.log(`  answers dropped        ${stats.dropped}; connection errors retried ${stats.connectionErrors}; 409 in progress retried ${stats.inProgressRetries}; 409 conflict/429 retried ${stats.conflictRetries}; replayed answers ${stats.replays}`);
  console.log(`  5xx from live instances ${live5xx.length}${live5xx.length ? ` (${[...new Set(live5xx.map((e) => `${e.status} ${errorCode(e.text) ?? ''}`))].join(', ')})` : ''}; 503 DATABASE_UNAVAILABLE while PostgreSQL restarted (retried) ${pg5xx.length}`);
  for (const e of live5xx.slice(0, 8)) console.log(`    ${e.status} ${e.op} on ${e.instance}${e.duringPgRestart ? ' (PostgreSQL restarting)' : ''}: ${e.text}`);
  if (live5xx.length || crashes.length) for (const line of serverErrorLines.slice(0, 8)) console.log(`    server log ${line}`);
  console.log('');
  console.log('| operation | n | request p50 | request p95 | with retries p95 | max |');
  console.log('|---|---|---|---|---|---|');
  for (const l of stats.latency()) console.log(`| ${l.op} | ${l.operation.n} | ${ms(l.request.p50)} | ${ms(l.request.p95)} | ${ms(l.operation.p95)} | ${ms(l.operation.max)} |`);
  console.log('');
  for (const d of result.details) console.log(d);
  for (const c of crashes) console.log(`CRASH ${c}`);
  if (startRetries.length) console.log(`starts refused while PostgreSQL restarted, tried again: ${startRetries.length} (${startRetries[0]})`);
  for (const v of result.violations) console.log(`  VIOLATION ${v.rule}: ${v.invariant}: ${JSON.stringify(v.rows.slice(0, 5))}`);
  const verdicts = [
    ...result.verdicts,
    { name: 'unresolved operations', value: String(stats.unresolved), ok: stats.unresolved === 0 },
    { name: '5xx from live instances', value: String(live5xx.length), ok: live5xx.length === 0 },
    { name: 'instances that crashed by themselves', value: String(crashes.length), ok: crashes.length === 0 },
    { name: 'disruptions done', value: `${kills}/${KILLS.length} kills, ${restarts}/1 PostgreSQL restart${cluster.restartKind.startsWith('pg_terminate_backend') ? ' (FALLBACK: connections ended, PostgreSQL not restarted)' : ''}`, ok: kills === KILLS.length && restarts === 1 },
  ];
  console.log('');
  for (const v of verdicts) console.log(`${v.ok ? 'ok  ' : 'FAIL'} ${v.name}: ${v.value}`);
  const ok = verdicts.every((v) => v.ok);
  console.log(`\nSoak ${ok ? 'passed' : 'FAILED'} in ${((performance.now() - runStart) / 1000).toFixed(0)} s.`);
  return ok;
}

try {
  if (!(await main())) process.exitCode = 1;
} catch (error) {
  console.error(`soak failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
