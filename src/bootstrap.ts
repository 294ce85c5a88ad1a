import { sql } from 'drizzle-orm';
import { createUser } from './modules/accounts/index.ts';
import { queryRows, type Db } from './platform/db.ts';

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
