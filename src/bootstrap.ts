import { sql } from 'drizzle-orm';
import { createUser } from './modules/accounts/index.ts';
import type { Config } from './platform/config.ts';
import { inOneTransaction, queryRows, type Database, type Db } from './platform/db.ts';
import { holdMigrationLock, migrate } from './platform/migrate.ts';

/** True when no user exists yet (a fresh installation). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM users`);
  return Number(row?.n) === 0;
}

/** On an empty database, creates the admin named by DESKBILL_ADMIN_EMAIL / DESKBILL_ADMIN_PASSWORD. */
export async function bootstrapAdmin(db: Db, email: string | null, password: string | null): Promise<boolean> {
  if (!email || !password || !(await isEmpty(db))) return false;
  await createUser(db, { name: 'Administrator', email, role: 'admin', password });
  return true;
}

export interface FirstStart {
  /** This start created the admin of the configuration. */
  adminCreated: boolean;
  /** This start loaded the demo data. */
  demoSeeded: boolean;
}

/**
 * What `start` does to the database before it serves (decision 0024): the migrations, then, on an
 * empty database, the admin of DESKBILL_ADMIN_EMAIL / DESKBILL_ADMIN_PASSWORD when set, or else the
 * demo data when DESKBILL_DEMO allows it. That first-start work runs in one transaction holding the
 * migrations' advisory lock: instances starting at once on one database do it exactly once (the
 * others wait, then find users), and a start killed midway leaves nothing, so the next start does
 * it all again. `log` tells the operator what takes time.
 */
export async function prepareFirstStart(
  database: Database,
  config: Pick<Config, 'adminEmail' | 'adminPassword' | 'demo'>,
  log: (line: string) => void,
): Promise<FirstStart> {
  await migrate(database);
  const { db } = database;
  return inOneTransaction(db, async (tx) => {
    await holdMigrationLock(tx);
    if (await bootstrapAdmin(db, config.adminEmail, config.adminPassword)) return { adminCreated: true, demoSeeded: false };
    if (!config.demo || !(await isEmpty(db))) return { adminCreated: false, demoSeeded: false };
    log('First start: loading demo data (DESKBILL_DEMO=0 skips this)...');
    const { seedDemo } = await import('./demo/seed.ts');
    await seedDemo(db);
    return { adminCreated: false, demoSeeded: true };
  });
}
