import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { apiAs, ok, unique, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { buildCompany, buildTeam, createBillingSetup, type BillingSetup } from './factories.ts';

// R69: the global search of the command palette (GET /search).
forEachDatabase('global search', (ctx) => {
  let app: App;
  let admin: ApiClient;
  let setup: BillingSetup;
  let invoice: any;
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig());
    admin = await apiAs(ctx.t.database.db, 'admin', app);
    setup = await createBillingSetup(admin);
    await admin.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-02', minutes: 60 });
    const draft = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    invoice = ok(await admin.post(`/invoices/${draft.id}/post`, {}));
  });

  const search = async (api: ApiClient, q: string) => ok(await api.get(`/search?q=${encodeURIComponent(q)}`));

  test('R69: finds a ticket by number (first) and by a word of its subject, a customer by name and VAT id, an order and an invoice by number', async () => {
    const word = unique('Printer').replace(/-/g, '');
    const ticket = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `The ${word} is jammed` }));
    assert.deepEqual((await search(admin, word)).tickets.map((t: any) => t.id), [ticket.id]);
    const byNumber = await search(admin, `#${ticket.number}`);
    assert.deepEqual(byNumber.tickets[0], { id: ticket.id, number: ticket.number, subject: ticket.subject, closed: false });
    assert.equal((await search(admin, String(ticket.number))).tickets[0].id, ticket.id, 'without #, a number finds its ticket first too');

    const vatId = `DE${String(Date.now()).slice(-9)}`;
    const customer = ok(await admin.post('/customers', buildCompany({ vatId, address: { country: 'DE' } })));
    assert.deepEqual((await search(admin, customer.name)).customers, [{ id: customer.id, name: customer.name, vatId }]);
    assert.deepEqual((await search(admin, vatId.toLowerCase())).customers.map((c: any) => c.id), [customer.id]);

    const orders = (await search(admin, setup.order.number)).saleOrders;
    assert.deepEqual(orders[0], { id: setup.order.id, number: setup.order.number, customerName: setup.customer.name, state: 'confirmed' });
    const invoices = (await search(admin, invoice.number)).invoices;
    assert.deepEqual(invoices[0], { id: invoice.id, number: invoice.number, kind: 'invoice', customerName: setup.customer.name });
  });

  test('R69: the whole text first, then matches at the start, then the newest; at most 5 of each kind', async () => {
    const word = unique('Scanner').replace(/-/g, '');
    const inside = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `Old ${word} trouble` }));
    const atStart = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} trouble` }));
    const newer = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `New ${word} trouble` }));
    const whole = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: word.toUpperCase() }));
    assert.deepEqual((await search(admin, word)).tickets.map((t: any) => t.id), [whole.id, atStart.id, newer.id, inside.id]);
    for (let i = 0; i < 3; i++) ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `More ${word} ${i}` }));
    assert.equal((await search(admin, word)).tickets.length, 5);
  });

  test("R69: each caller finds what their lists show: an agent their teams' tickets and no orders or invoices; portal users are refused", async () => {
    const word = unique('Router').replace(/-/g, '');
    const otherTeam = ok(await admin.post('/teams', buildTeam()));
    const mine = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} down` }));
    const foreign = ok(await admin.post('/tickets', { teamId: otherTeam.id, subject: `${word} down too` }));
    const agent = await apiAs(ctx.t.database.db, 'agent', app, { teamIds: [setup.team.id] });
    const found = await search(agent, word);
    assert.deepEqual(found.tickets.map((t: any) => t.id), [mine.id]);
    assert.equal((await search(agent, `#${foreign.number}`)).tickets.length, 0, "another team's ticket is not found by number");
    assert.deepEqual((await search(agent, setup.order.number)).saleOrders, []);
    assert.deepEqual((await search(agent, invoice.number)).invoices, []);
    assert.deepEqual((await search(agent, setup.customer.name)).customers.map((c: any) => c.id), [setup.customer.id]);

    const accountant = await apiAs(ctx.t.database.db, 'accountant', app);
    const seen = await search(accountant, word);
    assert.deepEqual(seen.tickets.map((t: any) => t.id).sort(), [mine.id, foreign.id].sort());
    assert.equal((await search(accountant, invoice.number)).invoices[0].id, invoice.id);

    const portal = await apiAs(ctx.t.database.db, 'customer', app, { customerId: setup.customer.id });
    const refused = await portal.get(`/search?q=${word}`);
    assert.equal(refused.status, 403);
  });

  test('R69: a text shorter than 2 characters (other than a ticket number) or longer than 100 is refused with 400', async () => {
    for (const q of ['', ' ', 'a', ' b ', 'x'.repeat(101)]) {
      const reply = await admin.get(`/search?q=${encodeURIComponent(q)}`);
      assert.equal(reply.status, 400, JSON.stringify(q));
      assert.equal(reply.body.error.code, 'VALIDATION_FAILED');
      assert.equal(reply.body.error.details[0].path, 'q');
    }
    assert.equal((await admin.get('/search')).status, 400);
    assert.equal((await admin.get('/search?q=7')).status, 200, 'one digit is a ticket number');
    assert.equal((await admin.get(`/search?q=${'x'.repeat(100)}`)).status, 200);
  });

  test("R69: LIKE's wildcards are matched as themselves: % and _ find only themselves", async () => {
    const word = unique('Discount').replace(/-/g, '');
    const percent = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} 5% off` }));
    ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} 50 off` }));
    const underscore = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} a_b` }));
    ok(await admin.post('/tickets', { teamId: setup.team.id, subject: `${word} axb` }));
    assert.deepEqual((await search(admin, `${word} 5%`)).tickets.map((t: any) => t.id), [percent.id]);
    assert.deepEqual((await search(admin, `${word} a_b`)).tickets.map((t: any) => t.id), [underscore.id]);
    assert.deepEqual((await search(admin, '%%')).tickets, []);
    assert.deepEqual((await search(admin, '\\%')).tickets, []);
  });
});
