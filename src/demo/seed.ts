import type { Db } from '../platform/db.ts';
import { todayUtc } from '../core/dates.ts';
import { planTickets } from './plan-tickets.ts';
import { createRandom } from './random.ts';
import { seedHelpdesk } from './seed-helpdesk.ts';
import { seedInvoices } from './seed-invoices.ts';
import { seedSetup } from './seed-setup.ts';
import { DEMO_LOGIN } from './login.ts';

/** Same seed, same demo: only the dates move with today. */
const DEMO_SEED = 20_261_128;

/**
 * Seeds a fresh database with an IT service provider's last three months: company settings,
 * 3 teams, 12 staff (all with the demo password), 11 customers with contacts, products at several
 * rates, sales orders, 200 tickets, 2,000 timesheet entries and two monthly invoice runs with
 * credit notes. Everything goes through the use cases, so every billing rule holds.
 */
export async function seedDemo(db: Db): Promise<void> {
  const random = createRandom(DEMO_SEED);
  const today = todayUtc();
  const setup = await seedSetup(db, DEMO_LOGIN);
  const plans = planTickets(random, today, setup.members, setup.entities);
  await seedHelpdesk(db, setup.teams, plans);
  await seedInvoices(db, random, today, setup.decimals, setup.confirmedOrders);
}
