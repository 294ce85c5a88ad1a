import type { Db } from '../platform/db.ts';
import { createUser } from '../modules/accounts/index.ts';

/** The login printed by `npm start` after seeding the demo. */
export const DEMO_LOGIN = { email: 'demo@deskbill.test', password: 'deskbill-demo' } as const;

/** Seeds demo data on a fresh database (for now only the demo manager; the full data set is issue 2 work in progress). */
export async function seedDemo(db: Db): Promise<void> {
  await createUser(db, { name: 'Demo Manager', email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, role: 'admin' });
}
