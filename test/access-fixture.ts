import { sql } from 'drizzle-orm';
import type { Db } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { apiAs, ok, unique, type ApiClient } from './api.ts';
import { buildCompany, buildProduct, buildTeam } from './factories.ts';

/**
 * The world the access matrix and the cross-customer sweep run in: two sides, A and B, each with
 * its team, customer company and contact, confirmed and cancelled orders, a ticket linked to the
 * order, an agent's time (invoiced on a posted invoice, claimed by a draft, still open), and a
 * comment. B's texts carry a marker that must never reach A's portal users.
 */
export const MARKER = 'CANARY-B-7f3a9c';

export const ROLE_NAMES = ['anonymous', 'admin', 'manager', 'agentX', 'agentY', 'accountant', 'customerA', 'customerA2', 'customerB'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface Side {
  team: string;
  project: string;
  stage: string;
  company: string;
  contact: string;
  order: string;
  line: string;
  cancelledOrder: string;
  ticket: string;
  contactTicket: string;
  agent: string;
  entryInvoiced: string;
  entryDrafted: string;
  entryOpen: string;
  entryNonBillable: string;
  invoice: string;
  invoiceLine: string;
  draftInvoice: string;
  draftInvoiceLine: string;
  comment: string;
  portalUser: string;
}

export interface AccessWorld {
  product: string;
  /** A staff user no client signs in as: the target of invitations and password resets. */
  spareUser: string;
  /** A work type (R77): work types belong to no side. */
  workType: string;
  A: Side;
  B: Side;
  clients: Record<RoleName, ApiClient>;
}

async function buildSide(admin: ApiClient, db: Db, app: App, product: string, mark: string): Promise<{ side: Omit<Side, 'portalUser'>; agent: ApiClient }> {
  // Teams are the company's own (the portal lists them to open a ticket): no marker in their names.
  const team = ok(await admin.post('/teams', buildTeam()));
  const stage = ok(await admin.get(`/teams/${team.id}/stages`)).items[0].id;
  const company = ok(await admin.post('/customers', buildCompany({ name: unique(`Company ${mark}`) })));
  const contact = ok(await admin.post('/customers', { name: unique(`Contact ${mark}`), kind: 'person', companyId: company.id, email: `${unique('c')}@example.test` }));
  const draft = ok(await admin.post('/sale-orders', { customerId: company.id, lines: [{ productId: product, description: `Support ${mark}` }] }));
  const order = ok(await admin.post(`/sale-orders/${draft.id}/confirm`));
  const line = order.lines[0].id;
  const toCancel = ok(await admin.post('/sale-orders', { customerId: company.id, lines: [{ productId: product }] }));
  ok(await admin.post(`/sale-orders/${toCancel.id}/cancel`));
  const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: `Printer ${mark}`, description: `Details ${mark}`, customerId: company.id, saleOrderLineId: line }));
  const contactTicket = ok(await admin.post('/tickets', { teamId: team.id, subject: `VPN ${mark}`, customerId: contact.id, saleOrderLineId: line }));
  const agent = await apiAs(db, 'agent', app, { teamIds: [team.id] });
  const log = async (description: string, extra: Record<string, unknown> = {}) =>
    ok(await agent.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 30, description, ...extra })).id as string;
  const entryInvoiced = await log(`Invoiced ${mark}`);
  const invoiceDraft = ok(await admin.post(`/sale-orders/${order.id}/invoices`, {}));
  const invoice = ok(await admin.post(`/invoices/${invoiceDraft.id}/post`, {}));
  const entryDrafted = await log(`Drafted ${mark}`);
  const draftInvoice = ok(await admin.post(`/sale-orders/${order.id}/invoices`, {}));
  const entryOpen = await log(`Open ${mark}`);
  const entryNonBillable = await log(`Internal ${mark}`, { billable: false });
  const comment = ok(await admin.post(`/tickets/${ticket.id}/comments`, { body: `Comment ${mark}` }));
  return {
    agent,
    side: {
      team: team.id, project: team.projectId, stage, company: company.id, contact: contact.id, order: order.id, line,
      cancelledOrder: toCancel.id, ticket: ticket.id, contactTicket: contactTicket.id, agent: agent.userId,
      entryInvoiced, entryDrafted, entryOpen, entryNonBillable, invoice: invoice.id, invoiceLine: invoice.lines[0].id,
      draftInvoice: draftInvoice.id, draftInvoiceLine: draftInvoice.lines[0].id, comment: comment.id,
    },
  };
}

/**
 * Ids are per table, so B's team could have the number of A's ticket. B's rows get ids of their
 * own, different in every table, so the sweep tries each of B's ids as what it is and as
 * everything else.
 */
async function separateIdSpaces(db: Db): Promise<void> {
  const tables = ['customers', 'users', 'teams', 'stages', 'projects', 'tickets', 'sale_orders', 'sale_order_lines', 'timesheets', 'invoices', 'invoice_lines', 'ticket_comments'];
  for (const [i, table] of tables.entries()) await db.execute(sql.raw(`ALTER TABLE ${table} ALTER COLUMN id RESTART WITH ${(i + 1) * 10_000}`));
}

/** Builds both sides and a signed-in client for every role of the matrix. */
export async function buildAccessWorld(db: Db, app: App): Promise<AccessWorld> {
  const admin = await apiAs(db, 'admin', app);
  const product = ok(await admin.post('/products', buildProduct())).id as string;
  const a = await buildSide(admin, db, app, product, 'A');
  await separateIdSpaces(db);
  const b = await buildSide(admin, db, app, product, MARKER);
  const customerA = await apiAs(db, 'customer', app, { customerId: a.side.company });
  const customerA2 = await apiAs(db, 'customer', app, { customerId: a.side.contact });
  const customerB = await apiAs(db, 'customer', app, { customerId: b.side.company });
  const spare = ok(await admin.post('/users', { name: 'Spare agent', email: `${unique('spare')}@example.test`, role: 'agent', password: 'a long password 1' }));
  const workType = ok(await admin.post('/work-types', { name: unique('On-site') })).id as string;
  return {
    product,
    spareUser: spare.id,
    workType,
    A: { ...a.side, portalUser: customerA.userId },
    B: { ...b.side, portalUser: customerB.userId },
    clients: {
      anonymous: admin.anonymous(),
      admin,
      manager: await apiAs(db, 'manager', app),
      agentX: a.agent,
      agentY: b.agent,
      accountant: await apiAs(db, 'accountant', app),
      customerA,
      customerA2,
      customerB,
    },
  };
}
