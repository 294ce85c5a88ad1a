// The demo's master data, written through the use cases: company settings, teams, staff,
// products, customers and their sales orders.
import { createUser, updateCompanySettings } from '../modules/accounts/index.ts';
import { createProduct, createTax } from '../modules/catalog/index.ts';
import { createTeam, listStages } from '../modules/helpdesk/index.ts';
import { createCustomer } from '../modules/partners/index.ts';
import { addSaleOrderLine, confirmSaleOrder, createSaleOrder } from '../modules/sales/index.ts';
import { cancelSaleOrder, getSaleOrder, saleLineOptions } from '../modules/service-billing/index.ts';
import { createWorkType } from '../modules/timesheets/index.ts';
import type { Db } from '../platform/db.ts';
import { SYSTEM_ACTOR } from '../platform/http.ts';
import { COMPANY, CUSTOMERS, PRODUCTS, STAFF, TEAMS, type CustomerSpec, type OrderSpec, type ProductKey, type TeamKey } from './directory.ts';
import type { EntityRef, StageKey, TeamMembers } from './plan-tickets.ts';
import { DEMO_PORTAL_EMAIL } from './login.ts';

export interface TeamRef {
  id: number;
  projectId: number;
  billingEnabled: boolean;
  stages: Record<StageKey, string>;
}

export interface OrderRef {
  orderId: number;
  customer: CustomerSpec;
  /** Every line of the order by product, manual ones included. */
  lines: Partial<Record<ProductKey, string>>;
}

export interface DemoSetup {
  decimals: number;
  teams: Record<TeamKey, TeamRef>;
  members: Record<TeamKey, TeamMembers>;
  entities: EntityRef[];
  confirmedOrders: OrderRef[];
}

const STAGE_KEYS: Record<string, StageKey> = { New: 'new', 'In progress': 'progress', Solved: 'solved', Cancelled: 'cancelled' };

async function seedTeams(db: Db): Promise<Record<TeamKey, TeamRef>> {
  const teams = {} as Record<TeamKey, TeamRef>;
  for (const spec of TEAMS) {
    const team = await createTeam(db, { name: spec.name, timesheetsEnabled: true, billingEnabled: spec.billingEnabled });
    const stages = {} as Record<StageKey, string>;
    for (const stage of await listStages(db, Number(team.id))) {
      const key = STAGE_KEYS[stage.name];
      if (key) stages[key] = stage.id;
    }
    teams[spec.key] = { id: Number(team.id), projectId: Number(team.projectId), billingEnabled: team.billingEnabled, stages };
  }
  return teams;
}

/** Staff share the demo password. The demo admin works a little on the Service Desk too, so "my time" is not empty. */
async function seedStaff(db: Db, teams: Record<TeamKey, TeamRef>, admin: { email: string; password: string }): Promise<{ members: Record<TeamKey, TeamMembers>; adminId: string }> {
  const members = Object.fromEntries(TEAMS.map((t) => [t.key, { key: t.key, billingEnabled: t.billingEnabled, members: [], seniors: new Set<string>() }])) as unknown as Record<TeamKey, TeamMembers>;
  const teamIds = (keys: TeamKey[]) => keys.map((k) => String(teams[k].id));
  const dana = await createUser(db, { name: 'Dana Demo', email: admin.email, password: admin.password, role: 'admin', hourlyCost: '55.00', teamIds: teamIds(['desk', 'infra', 'apps']) });
  members.desk.members.push([dana.id, 0.3]);
  for (const spec of STAFF) {
    const user = await createUser(db, { name: spec.name, email: spec.email, password: admin.password, role: spec.role, hourlyCost: spec.hourlyCost, teamIds: teamIds(spec.teams) });
    for (const key of spec.teams) {
      members[key].members.push([user.id, spec.role === 'manager' ? 0.3 : 1]);
      if (spec.senior) members[key].seniors.add(user.id);
    }
  }
  return { members, adminId: dana.id };
}


/** A portal user of the busiest customer (demo password), so the portal shows a real customer's view. */
async function seedPortalUser(db: Db, entities: EntityRef[], password: string): Promise<void> {
  const busiest = entities.reduce((a, b) => (b.weight > a.weight ? b : a));
  const contactId = busiest.contactIds[0] ?? busiest.companyId;
  await createUser(db, { name: 'Portal Demo', email: DEMO_PORTAL_EMAIL, password, role: 'customer', customerId: contactId });
}

async function seedProducts(db: Db, decimals: number, defaultTaxRate: string): Promise<Record<ProductKey, string>> {
  const ids = {} as Record<ProductKey, string>;
  for (const { key, ...input } of PRODUCTS) ids[key] = (await createProduct(db, decimals, defaultTaxRate, input)).id;
  return ids;
}

async function seedCustomer(db: Db, spec: CustomerSpec, companyCountry: string | null): Promise<{ companyId: string; contactIds: string[] }> {
  const { name, kind, email, billingEmail, phone, address, vatId, peppol, registration } = spec;
  const identifiers = { peppolEndpointScheme: peppol[0], peppolEndpointId: peppol[1], registrationScheme: registration?.[0], registrationId: registration?.[1] };
  const company = await createCustomer(db, { name, kind, email, billingEmail, phone, address, vatId, ...identifiers }, companyCountry);
  const contactIds: string[] = [];
  for (const contact of spec.contacts) {
    contactIds.push((await createCustomer(db, { ...contact, kind: 'person', companyId: company.id, address, fiscalPosition: company.fiscalPosition }, companyCountry)).id);
  }
  return { companyId: company.id, contactIds };
}

function orderLines(spec: OrderSpec, products: Record<ProductKey, string>) {
  return spec.map(([key, quantity]) => ({ productId: products[key], quantity }));
}

/** Product keys by product id: the reverse of what seedProducts answers. */
const keysById = (products: Record<ProductKey, string>) => new Map(Object.entries(products).map(([key, id]) => [id, key as ProductKey]));

/** The lines a ticket of this entity may use (R20), by product: asked from the bridge, not guessed. */
async function allowedLines(db: Db, customerId: string, products: Record<ProductKey, string>): Promise<Partial<Record<ProductKey, string>>> {
  const byProduct = keysById(products);
  const lines: Partial<Record<ProductKey, string>> = {};
  for (const option of await saleLineOptions(db, Number(customerId), SYSTEM_ACTOR)) {
    const key = byProduct.get(option.productId);
    if (key && !lines[key]) lines[key] = option.id;
  }
  return lines;
}

/** Writes the master data and answers the ids the ticket plan needs. */
export async function seedSetup(db: Db, admin: { email: string; password: string }): Promise<DemoSetup> {
  const company = await updateCompanySettings(db, COMPANY);
  const decimals = company.currencyDecimals;
  const teams = await seedTeams(db);
  const { members, adminId } = await seedStaff(db, teams, admin);
  // R80: the demo admin manages every account, so the upsell alerts of the demo come to their bell.
  const account = { accountManagerId: adminId };
  // R66: the company's standard tax, so domestic lines name it (migration 0016 ran before the rate was set).
  await createTax(db, { name: `VAT ${company.defaultTaxRate.replace(/\.?0+$/, '')}%`, rate: company.defaultTaxRate, category: 'standard' });
  const products = await seedProducts(db, decimals, company.defaultTaxRate);
  // R77: the kinds of work agents pick on entries; after-hours bills half as much again (R78).
  for (const [name, multiplier] of [['Remote', '1'], ['On-site', '1'], ['After-hours', '1.5']] as const) await createWorkType(db, { name, multiplier });
  const productKeys = keysById(products);
  const entities: EntityRef[] = [];
  const confirmedOrders: OrderRef[] = [];
  for (const spec of CUSTOMERS) {
    const { companyId, contactIds } = await seedCustomer(db, spec, company.country);
    if (spec.cancelled) {
      const cancelled = await createSaleOrder(db, decimals, { customerId: companyId, ...account, lines: orderLines(spec.cancelled, products) });
      await confirmSaleOrder(db, cancelled);
      await cancelSaleOrder(db, cancelled);
    }
    if (spec.confirmed) {
      const orderId = await createSaleOrder(db, decimals, { customerId: companyId, ...account, lines: orderLines(spec.confirmed, products) });
      await confirmSaleOrder(db, orderId);
      for (const line of orderLines(spec.addedLater ?? [], products)) await addSaleOrderLine(db, decimals, orderId, line);
      const order = await getSaleOrder(db, orderId);
      const lines: Partial<Record<ProductKey, string>> = {};
      for (const line of order.lines) lines[productKeys.get(line.productId)!] = line.id;
      confirmedOrders.push({ orderId, customer: spec, lines });
    }
    if (spec.quotation) await createSaleOrder(db, decimals, { customerId: companyId, ...account, lines: orderLines(spec.quotation, products) });
    entities.push({ companyId, contactIds, weight: spec.weight, lines: await allowedLines(db, companyId, products) });
  }
  await seedPortalUser(db, entities, admin.password);
  return { decimals, teams, members, entities, confirmedOrders };
}
