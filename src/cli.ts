// Decision 0020: the HTTP stack, the modules and the demo data are imported when a command needs
// them, so that `start` loads them while the database opens (PGlite compiles its WebAssembly in
// the background meanwhile) instead of before it.
import { parseArgs } from 'node:util';
import { STAFF_ROLES } from './platform/access.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabase, waitForDatabase, type Database } from './platform/db.ts';
import { drain } from './platform/lifecycle.ts';
import { migrate } from './platform/migrate.ts';

const USAGE = `Usage: npm run cli -- <command>
  start                                   migrate, seed demo data on first start, serve (same as npm start)
  migrate                                 apply pending database migrations
  create-user --email E --password P [--name N] [--role admin|manager|agent|accountant]
  create-token --email E [--name N]       print a new API token for that user
  check                                   check the billing invariants and list stranded drafts; exits 1 on a violation`;

/** Opens the database; `serving` adds the PostgreSQL timeouts of a server (decision 0023), which commands such as `check` do without. */
function openFor(config: Config, serving: boolean): Promise<Database> {
  const timeouts = serving ? { statementTimeoutMs: config.statementTimeoutSeconds * 1000, idleInTransactionTimeoutMs: config.idleInTransactionTimeoutSeconds * 1000 } : {};
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...timeouts });
}

/** Opens and migrates the database of a command (`start` migrates in prepareFirstStart). */
async function open(config: Config): Promise<Database> {
  const database = await openFor(config, false);
  await migrate(database);
  return database;
}

async function start(config: Config): Promise<void> {
  const [database, { buildServer }, { prepareFirstStart }, { findUserForLogin }, { DEMO_LOGIN, DEMO_PORTAL_EMAIL }] = await Promise.all([
    openFor(config, true), import('./server.ts'), import('./bootstrap.ts'),
    import('./modules/accounts/index.ts'), import('./demo/login.ts'),
  ]);
  const { db } = database;
  await waitForDatabase(database, config.databaseWaitSeconds, (line) => console.log(line));
  const { adminCreated, demoSeeded } = await prepareFirstStart(database, config, (line) => console.log(line));
  if (adminCreated) console.log(`Created the admin ${config.adminEmail}`);
  const app = await buildServer(db, config);
  // Graceful shutdown (decision 0023): not ready at once, no new connections, requests in flight
  // finish (up to the deadline), then the database closes and the process exits 0. A second
  // signal stops at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: stopping now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: shutting down, finishing the requests in flight (at most ${config.shutdownDeadlineSeconds} s)`);
    void drain(app, config.shutdownDeadlineSeconds * 1000)
      .then(async ({ cut }) => {
        if (cut > 0) console.log(`Cut ${cut} connection(s) still open after ${config.shutdownDeadlineSeconds} s`);
        await database.close();
        console.log('Stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  console.log(`Deskbill is running on http://${shownHost}:${config.port} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  console.log(`API documentation: http://${shownHost}:${config.port}/api/v1/openapi.json`);
  if (demoSeeded || (config.demo && (await findUserForLogin(db, DEMO_LOGIN.email)))) {
    console.log(`Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (admin; every demo user has this password, e.g. the customer portal's ${DEMO_PORTAL_EMAIL})`);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const config = loadConfig();
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrate(database);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
      return database.close();
    }
    case 'create-user': {
      if (!values.email || !values.password) throw new Error('create-user needs --email and --password');
      const role = STAFF_ROLES.find((r) => r === (values.role ?? 'admin'));
      if (!role) throw new Error(`--role is one of ${STAFF_ROLES.join(', ')}`);
      const { createUser } = await import('./modules/accounts/index.ts');
      const database = await open(config);
      const user = await createUser(database.db, { name: values.name ?? values.email, email: values.email, password: values.password, role });
      console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
      return database.close();
    }
    case 'create-token': {
      if (!values.email) throw new Error('create-token needs --email');
      const { createApiToken, findUserForLogin } = await import('./modules/accounts/index.ts');
      const database = await open(config);
      const user = await findUserForLogin(database.db, values.email);
      if (!user) throw new Error(`No user ${values.email}`);
      const token = await createApiToken(database.db, user.id, values.name ?? 'cli');
      console.log(token.token);
      return database.close();
    }
    case 'check': {
      const { checkIntegrity } = await import('./modules/service-billing/index.ts');
      const { printIntegrityReport } = await import('./cli-check.ts');
      const database = await open(config);
      const report = await checkIntegrity(database.db, { strandedAfterHours: config.strandedDraftHours });
      await database.close();
      printIntegrityReport(report, config.strandedDraftHours, (line) => console.log(line));
      process.exitCode = report.violations.length > 0 ? 1 : 0;
      return;
    }
    default:
      console.log(USAGE);
      process.exitCode = command ? 1 : 0;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
