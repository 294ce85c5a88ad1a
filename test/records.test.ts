import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, createBillingSetup, logMinutes, stageNamed } from './factories.ts';

forEachDatabase('records: customers, products, teams, projects, users, orders', (ctx) => {
  let api: ApiClient & { userId: string };
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('customers: companies and their contacts; the commercial entity is the company', async () => {
    const company = ok(await api.post('/customers', buildCompany({ email: 'billing@acme.test', address: { street: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' }, vatId: 'FR12345678901' })));
    assert.deepEqual(company.address, { street: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' });
    const person = ok(await api.post('/customers', { name: unique('Zoë'), kind: 'person', companyId: company.id }));
    assert.equal(person.commercialEntityId, company.id);
    const lone = ok(await api.post('/customers', { name: unique('Freelancer'), kind: 'person' }));
    assert.equal(lone.commercialEntityId, lone.id);
    assert.deepEqual(ok(await api.get(`/customers?companyId=${company.id}`)).items.map((c: any) => c.id), [person.id]);
    assert.equal(ok(await api.get(`/customers/${person.id}`)).name, person.name);
    // A company cannot belong to a company; a person cannot belong to a person; a company with contacts stays a company.
    assert.equal((await api.post('/customers', { name: 'x', kind: 'company', companyId: company.id })).status, 400);
    assert.equal((await api.post('/customers', { name: 'x', kind: 'person', companyId: lone.id })).status, 400);
    const demote = await api.patch(`/customers/${company.id}`, { kind: 'person' });
    assert.deepEqual([demote.status, demote.body.error.code], [422, 'RULE_VIOLATION']);
    assert.equal(ok(await api.patch(`/customers/${person.id}`, { companyId: null })).commercialEntityId, person.id);
    assert.equal((await api.post('/customers', { name: '   ', kind: 'company' })).status, 400);
  });

  test('products: unit, price, tax and policy; time units only for time-billed policies', async () => {
    const product = ok(await api.post('/products', buildProduct({ unitPrice: '97.35', taxRate: '8.875' })));
    assert.deepEqual([product.unitPrice, product.taxRate, product.type], ['97.35', '8.875', 'service']);
    assert.equal(ok(await api.get(`/products/${product.id}`)).id, product.id);
    assert.equal(ok(await api.patch(`/products/${product.id}`, { unitPrice: '99' })).unitPrice, '99.00');
    const bad = await api.post('/products', buildProduct({ unit: 'unit', invoicingPolicy: 'timesheets' }));
    assert.deepEqual([bad.status, bad.body.error.details[0].path], [400, 'unit']);
    assert.equal((await api.post('/products', buildProduct({ taxRate: '100.01' }))).status, 400);
    const defaulted = ok(await api.post('/products', buildProduct({ taxRate: undefined })));
    assert.equal(defaulted.taxRate, ok(await api.get('/company')).defaultTaxRate);
    assert.ok(ok(await api.get(`/products?invoicingPolicy=timesheets&q=${encodeURIComponent(product.name)}`)).items.some((p: any) => p.id === product.id));
  });

  test('teams and projects: default stages, lists, reads', async () => {
    const team = ok(await api.post('/teams', { name: unique('Desk') }));
    assert.deepEqual(ok(await api.get(`/teams/${team.id}/stages`)).items.map((s: any) => [s.name, s.closed]), [['New', false], ['In progress', false], ['Solved', true], ['Cancelled', true]]);
    assert.equal(ok(await api.get(`/teams/${team.id}`)).name, team.name);
    assert.ok(ok(await api.get('/teams?limit=500')).items.some((t: any) => t.id === team.id));
    const customer = ok(await api.post('/customers', buildCompany()));
    const project = ok(await api.post('/projects', { name: unique('Migration'), customerId: customer.id }));
    assert.equal(ok(await api.get(`/projects/${project.id}`)).customerId, customer.id);
    assert.ok(ok(await api.get('/projects?limit=500')).items.some((p: any) => p.id === project.id));
    assert.equal((await api.post('/projects', { name: 'x', customerId: '987654' })).status, 400);
    assert.equal((await api.get('/teams/987654/stages')).status, 404);
  });

  test('projects list their tickets (through the team project)', async () => {
    const setup = await createBillingSetup(api);
    const list = ok(await api.get(`/tickets?projectId=${setup.team.projectId}`)).items;
    assert.deepEqual(list.map((t: any) => t.id), [setup.ticket.id]);
  });

  test('users: list, read, update', async () => {
    const user = ok(await api.post('/users', { name: 'Ваня Петров', email: `${unique('vanya')}@example.test`, role: 'agent' }));
    assert.equal(ok(await api.get(`/users/${user.id}`)).name, 'Ваня Петров');
    assert.ok(ok(await api.get('/users?role=agent&limit=500')).items.some((u: any) => u.id === user.id));
    assert.equal(ok(await api.patch(`/users/${user.id}`, { role: 'manager' })).role, 'manager');
  });

  test('sale orders: a quotation changes customer; a confirmed order does not; lines default from the product', async () => {
    const a = ok(await api.post('/customers', buildCompany()));
    const b = ok(await api.post('/customers', buildCompany()));
    const product = ok(await api.post('/products', buildProduct({ unitPrice: '120.00', taxRate: '20' })));
    const quotation = ok(await api.post('/sale-orders', { customerId: a.id, lines: [{ productId: product.id, quantity: '10' }] }));
    assert.deepEqual([quotation.lines[0].unitPrice, quotation.lines[0].taxRate, quotation.lines[0].description, quotation.amountUntaxed, quotation.amountTotal], ['120.00', '20.00', product.name, '1200.00', '1440.00']);
    assert.equal(ok(await api.patch(`/sale-orders/${quotation.id}`, { customerId: b.id })).customerId, b.id);
    ok(await api.post(`/sale-orders/${quotation.id}/confirm`));
    const refused = await api.patch(`/sale-orders/${quotation.id}`, { customerId: a.id });
    assert.deepEqual([refused.status, refused.body.error.code], [409, 'ORDER_NOT_DRAFT']);
    assert.ok(ok(await api.get(`/sale-orders?customerId=${b.id}`)).items.some((o: any) => o.id === quotation.id));
    assert.ok(ok(await api.get(`/sale-orders?state=confirmed&q=${quotation.number}`)).items.some((o: any) => o.id === quotation.id));
    const subCent = await api.post(`/sale-orders/${quotation.id}/lines`, { productId: product.id, unitPrice: '80.555' });
    assert.deepEqual([subCent.status, subCent.body.error.details[0].path], [400, 'unitPrice']);
    const deletable = ok(await api.post(`/sale-orders/${quotation.id}/lines`, { productId: product.id }));
    assert.equal(ok(await api.delete(`/sale-order-lines/${deletable.lines[1].id}`)).lines.length, 1);
    assert.equal((await api.post('/sale-orders', { customerId: '987654' })).status, 400);
    assert.equal((await api.post('/sale-orders', { customerId: a.id, lines: [{ productId: '987654' }] })).body.error.details[0].path, 'lines.0.productId');
  });

  test('R2: a day is the company minutesPerDay, fixed once day lines carry time (R5)', async () => {
    ok(await api.patch('/company', { minutesPerDay: 420 }));
    const setup = await createBillingSetup(api, { product: { unit: 'day', unitPrice: '700.00' } });
    await logMinutes(api, setup.ticket.id, [420]);
    assert.equal(ok(await api.get(`/sale-orders/${setup.order.id}`)).lines[0].qtyDelivered, '1.00');
    const refused = await refuses(api, () => api.patch('/company', { minutesPerDay: 480 }), 409, 'CONFLICT', ['/company']);
    assert.equal(refused.error.details[0].path, 'minutesPerDay');
  });
});

forEachDatabase('helpdesk dashboard', (ctx) => {
  test('§1.7: a card per team with open, unassigned, urgent tickets, hours this week and hours to invoice', async () => {
    const api = await apiAs(ctx.t.database.db, 'admin');
    const setup = await createBillingSetup(api);
    const today = new Date().toISOString().slice(0, 10);
    await logMinutes(api, setup.ticket.id, [60, 30], { date: today });
    await logMinutes(api, setup.ticket.id, [45], { date: '2020-01-06' });
    await logMinutes(api, setup.ticket.id, [15], { date: today, billable: false });
    ok(await api.post('/tickets', { teamId: setup.team.id, subject: 'Server down', priority: 'urgent', assigneeId: api.userId }));
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, { periodStart: '2020-01-01', periodEnd: '2020-12-31' }));
    const card = ok(await api.get('/helpdesk/dashboard')).items.find((c: any) => c.teamId === setup.team.id);
    assert.deepEqual(
      [card.openTickets, card.unassigned, card.urgent, card.minutesThisWeek, card.minutesToInvoice],
      [2, 1, 1, 105, 90],
    );
  });

  test('issue 9: the counts follow tickets assigned, reprioritised, moved and closed, and stages closed or reopened; minutes to invoice follow a ticket to its new team', async () => {
    const api = await apiAs(ctx.t.database.db, 'admin');
    const setup = await createBillingSetup(api);
    const other = ok(await api.post('/teams', { name: unique('Other team'), timesheetsEnabled: true, billingEnabled: true }));
    await logMinutes(api, setup.ticket.id, [60]);
    const second = ok(await api.post('/tickets', { teamId: setup.team.id, subject: unique('Printer') }));
    const cards = async () => {
      const items = ok(await api.get('/helpdesk/dashboard')).items as any[];
      return [setup.team.id, other.id].map((id) => {
        const c = items.find((card) => card.teamId === id);
        return [c.openTickets, c.unassigned, c.urgent, c.minutesToInvoice];
      });
    };
    assert.deepEqual(await cards(), [[2, 2, 0, 60], [0, 0, 0, 0]]);
    ok(await api.patch(`/tickets/${second.id}`, { priority: 'urgent', assigneeId: api.userId }));
    assert.deepEqual(await cards(), [[2, 1, 1, 60], [0, 0, 0, 0]], 'assigned and urgent');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { teamId: other.id }));
    assert.deepEqual(await cards(), [[1, 0, 1, 0], [1, 1, 0, 60]], 'the ticket and its minutes to invoice moved to the other team');
    await logMinutes(api, setup.ticket.id, [30]);
    ok(await api.patch(`/tickets/${second.id}`, { stageId: (await stageNamed(api, setup.team.id, 'Solved')).id }));
    assert.deepEqual(await cards(), [[0, 0, 0, 0], [1, 1, 0, 90]], 'a solved ticket is not open');
    const stageOf = async (ticketId: string) => ok(await api.get(`/tickets/${ticketId}`)).stageId as string;
    const moved = await stageOf(setup.ticket.id);
    await queryRows(ctx.t.database.db, sql`UPDATE stages SET closed = true WHERE id = ${Number(moved)}`);
    assert.deepEqual((await cards())[1], [0, 0, 0, 90], 'a stage closed takes its tickets out of the open counts');
    await queryRows(ctx.t.database.db, sql`UPDATE stages SET closed = false WHERE id = ${Number(moved)}`);
    assert.deepEqual((await cards())[1], [1, 1, 0, 90], 'and reopened brings them back');
  });
});

forEachDatabase('orders and customers that move', (ctx) => {
  let api: ApiClient;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R34/R21: cancelling an order lets tickets go of its lines; their time waits unlinked', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [60]);
    ok(await api.post(`/sale-orders/${setup.order.id}/cancel`));
    assert.equal(ok(await api.get(`/tickets/${setup.ticket.id}`)).saleOrderLineId, null);
    assert.equal(ok(await api.get(`/timesheets/${entry.id}`)).status, 'unlinked');
    const [next] = await logMinutes(api, setup.ticket.id, [30]);
    assert.equal(next.status, 'unlinked');
  });

  test('R34: a line tickets bill on keeps its product; a manual line with delivered keeps its price', async () => {
    const setup = await createBillingSetup(api);
    const manual = ok(await api.post('/products', { name: unique('Monitoring'), unit: 'unit', unitPrice: '10', invoicingPolicy: 'manual' }));
    await refuses(api, () => api.patch(`/sale-order-lines/${setup.lineId}`, { productId: manual.id }), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
    const withManual = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id }));
    const manualLine = withManual.lines[1].id;
    ok(await api.patch(`/sale-order-lines/${manualLine}`, { qtyDelivered: '2' }));
    await refuses(api, () => api.patch(`/sale-order-lines/${manualLine}`, { unitPrice: '99.00' }), 409, 'LINE_HAS_DELIVERIES', [`/sale-orders/${setup.order.id}`]);
  });

  test('R22: a person who moves to another company takes their open tickets off the old company\'s lines', async () => {
    const setup = await createBillingSetup(api, { linkTicket: false });
    const person = ok(await api.post('/customers', { name: unique('Mover'), kind: 'person', companyId: setup.customer.id }));
    const ticket = ok(await api.post('/tickets', { teamId: setup.team.id, subject: 'moving', customerId: person.id, saleOrderLineId: setup.lineId }));
    const [entry] = await logMinutes(api, ticket.id, [45]);
    const other = ok(await api.post('/customers', { name: unique('New employer'), kind: 'company' }));
    ok(await api.patch(`/customers/${person.id}`, { companyId: other.id }));
    assert.equal(ok(await api.get(`/tickets/${ticket.id}`)).saleOrderLineId, null);
    assert.equal(ok(await api.get(`/timesheets/${entry.id}`)).status, 'unlinked');
  });

  test('amounts: a line whose quantity × price would not fit the books is refused', async () => {
    const setup = await createBillingSetup(api);
    const body = await refuses(api, () => api.patch(`/sale-order-lines/${setup.lineId}`, { quantity: '999999999', unitPrice: '999999.00' }), 400, 'VALIDATION_FAILED', [`/sale-orders/${setup.order.id}`]);
    assert.equal(body.error.details[0].path, 'quantity');
  });
});
