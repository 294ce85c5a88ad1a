import { ok, unique, type ApiClient } from './api.ts';

/** Plain bodies with unique values; pass overrides for what the test is about. */
export const buildTeam = (o: Record<string, unknown> = {}) => ({ name: unique('Team'), timesheetsEnabled: true, billingEnabled: true, ...o });
export const buildCompany = (o: Record<string, unknown> = {}) => ({ name: unique('Company'), kind: 'company', ...o });
export const buildProduct = (o: Record<string, unknown> = {}) => ({ name: unique('Support hour'), unit: 'hour', unitPrice: '90.00', taxRate: '21', invoicingPolicy: 'timesheets', ...o });

export interface BillingSetup {
  team: any;
  customer: any;
  product: any;
  order: any;
  lineId: string;
  ticket: any;
}

/** A billing team, a company, an hourly product, a confirmed order and a ticket linked to its line. */
export async function createBillingSetup(api: ApiClient, options: { linkTicket?: boolean; product?: Record<string, unknown>; orderLines?: Record<string, unknown>[] } = {}): Promise<BillingSetup> {
  const team = ok(await api.post('/teams', buildTeam()));
  const customer = ok(await api.post('/customers', buildCompany()));
  const product = ok(await api.post('/products', buildProduct(options.product)));
  const lines = options.orderLines ?? [{ productId: product.id }];
  const draft = ok(await api.post('/sale-orders', { customerId: customer.id, lines }));
  const order = ok(await api.post(`/sale-orders/${draft.id}/confirm`));
  const lineId = order.lines[0].id as string;
  const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Ticket'), customerId: customer.id, ...(options.linkTicket === false ? {} : { saleOrderLineId: lineId }) }));
  return { team, customer, product, order, lineId, ticket };
}

/** Logs entries of the given minutes on a ticket (date 2026-11-02 unless given). */
export async function logMinutes(api: ApiClient, ticketId: string, minutes: number[], extra: Record<string, unknown> = {}): Promise<any[]> {
  const entries = [];
  for (const m of minutes) entries.push(ok(await api.post(`/tickets/${ticketId}/timesheets`, { date: '2026-11-02', minutes: m, description: `work ${m}`, ...extra })));
  return entries;
}

/** The stage of a team with that name (New, In progress, Solved, Cancelled). */
export async function stageNamed(api: ApiClient, teamId: string, name: string): Promise<any> {
  const stages = ok(await api.get(`/teams/${teamId}/stages`)).items as any[];
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`No stage ${name}`);
  return stage;
}
