import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createApiToken } from '../src/modules/accounts/index.ts';
import type { Db } from '../src/platform/db.ts';
import { ApiClient, apiAs, ok, refuses, unique, type Reply } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam, logMinutes } from './factories.ts';

/** A portal user of `customerId`, created by the admin through the API, and a client signed in as them. */
async function portalClient(admin: ApiClient, db: Db, customerId: string): Promise<ApiClient & { userId: string }> {
  const user = ok(await admin.post('/users', { name: unique('Portal'), email: `${unique('portal')}@example.test`, role: 'customer', customerId, password: 'portal password 1' }));
  const { token } = await createApiToken(db, Number(user.id), 'portal test');
  return Object.assign(new ApiClient(admin.app, token), { userId: user.id as string });
}

/** A customer's world: a company with two contacts, a confirmed order (hourly + prepaid lines), tickets, time and a posted invoice. */
async function customerWorld(admin: ApiClient, team: any, hour: any, prepaid: any) {
  const company = ok(await admin.post('/customers', buildCompany()));
  const contact = ok(await admin.post('/customers', { name: unique('Contact'), kind: 'person', companyId: company.id }));
  const colleague = ok(await admin.post('/customers', { name: unique('Colleague'), kind: 'person', companyId: company.id }));
  const quotation = ok(await admin.post('/sale-orders', { customerId: company.id, lines: [{ productId: hour.id }, { productId: prepaid.id, quantity: '10' }] }));
  const order = ok(await admin.post(`/sale-orders/${quotation.id}/confirm`));
  const draftOrder = ok(await admin.post('/sale-orders', { customerId: company.id, lines: [{ productId: hour.id }] }));
  const [hourLine, prepaidLine] = order.lines.map((l: any) => l.id as string);
  const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: unique('Printer'), customerId: company.id, saleOrderLineId: hourLine }));
  const colleagueTicket = ok(await admin.post('/tickets', { teamId: team.id, subject: unique('VPN'), customerId: colleague.id, saleOrderLineId: prepaidLine }));
  const [billed] = await logMinutes(admin, ticket.id, [60]);
  const [hidden] = await logMinutes(admin, ticket.id, [30], { billable: false, description: 'non-billable secret' });
  await logMinutes(admin, colleagueTicket.id, [90]);
  ok(await admin.post(`/tickets/${ticket.id}/comments`, { body: 'We are looking at it' }));
  ok(await admin.post(`/tickets/${ticket.id}/comments`, { body: 'internal secret: the customer broke it', internal: true }));
  const invoice = ok(await admin.post(`/sale-orders/${order.id}/invoices`, {}));
  ok(await admin.post(`/invoices/${invoice.id}/post`, {}));
  // More time afterwards, invoiced on a draft that the customer must not see.
  await logMinutes(admin, ticket.id, [15]);
  const draftInvoice = ok(await admin.post(`/sale-orders/${order.id}/invoices`, {}));
  return { company, contact, colleague, order, draftOrder, ticket, colleagueTicket, billed, hidden, invoice, draftInvoice, hourLine, prepaidLine };
}

forEachDatabase('customer portal', (ctx) => {
  let admin: ApiClient & { userId: string };
  let team: any;
  let a: Awaited<ReturnType<typeof customerWorld>>;
  let b: Awaited<ReturnType<typeof customerWorld>>;
  let portalA: ApiClient & { userId: string };
  let portalB: ApiClient & { userId: string };

  before(async () => {
    const db = ctx.t.database.db;
    admin = await apiAs(db, 'admin');
    team = ok(await admin.post('/teams', buildTeam()));
    const hour = ok(await admin.post('/products', buildProduct()));
    const prepaid = ok(await admin.post('/products', buildProduct({ name: unique('Prepaid hours'), invoicingPolicy: 'prepaid' })));
    a = await customerWorld(admin, team, hour, prepaid);
    b = await customerWorld(admin, team, hour, prepaid);
    portalA = await portalClient(admin, db, a.contact.id);
    portalB = await portalClient(admin, db, b.company.id);
  });

  test('a portal user sees the tickets of their whole commercial entity, a colleague’s included, and never another customer’s', async () => {
    const ids = ok(await portalA.get('/portal/tickets')).items.map((t: any) => t.id);
    assert.deepEqual(ids.sort(), [a.ticket.id, a.colleagueTicket.id].sort());
    const idsB = ok(await portalB.get('/portal/tickets')).items.map((t: any) => t.id);
    assert.deepEqual(idsB.sort(), [b.ticket.id, b.colleagueTicket.id].sort());
    const me = ok(await portalA.get('/portal/me'));
    assert.deepEqual(me, { customerName: a.contact.name, commercialEntityName: a.company.name });
  });

  test('a portal ticket carries names, not staff fields, and its billable minutes only', async () => {
    const ticket = ok(await portalA.get(`/portal/tickets/${a.ticket.id}`));
    assert.deepEqual(Object.keys(ticket).sort(), ['assigneeName', 'billableMinutes', 'billedMinutes', 'closed', 'createdAt', 'customerName', 'description', 'id', 'number', 'priority', 'stageName', 'subject', 'teamName', 'updatedAt']);
    assert.equal(ticket.teamName, team.name);
    assert.equal(ticket.customerName, a.company.name);
    assert.equal(ticket.billableMinutes, 75);
    assert.equal(ticket.billedMinutes, 75, 'no increments: billed as recorded');
  });

  test('lists are paginated with a cursor', async () => {
    const first = ok(await portalA.get('/portal/tickets?limit=1'));
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = ok(await portalA.get(`/portal/tickets?limit=1&cursor=${first.nextCursor}`));
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0].id, first.items[0].id);
    assert.equal(second.nextCursor, null);
  });

  test('every portal route answers another customer’s object exactly like one that does not exist (404)', async () => {
    const missing = '999999999';
    const foreign = (p: string) => p.replace(':ticket', b.ticket.id).replace(':order', b.order.id).replace(':invoice', b.invoice.id);
    const absent = (p: string) => p.replace(':ticket', missing).replace(':order', missing).replace(':invoice', missing);
    const paths = ['/portal/tickets/:ticket', '/portal/tickets/:ticket/comments', '/portal/tickets/:ticket/timesheets', '/portal/orders/:order', '/portal/invoices/:invoice', '/portal/invoices/:invoice/pdf'];
    const withoutId = (r: Reply) => ({ status: r.status, body: { ...r.body, requestId: undefined } });
    for (const path of paths) {
      const seen = withoutId(await portalA.get(foreign(path)));
      assert.equal(seen.status, 404, path);
      assert.equal(seen.body.error.code, 'NOT_FOUND', path);
      assert.deepEqual(seen, withoutId(await portalA.get(absent(path))), path);
    }
    const comment = { body: 'hello' };
    assert.deepEqual(withoutId(await portalA.post(`/portal/tickets/${b.ticket.id}/comments`, comment)), withoutId(await portalA.post(`/portal/tickets/${missing}/comments`, comment)));
    assert.equal((await portalA.post(`/portal/tickets/${b.ticket.id}/comments`, comment)).status, 404);
    // Their own quotation and draft invoice do not exist for them either.
    assert.deepEqual(withoutId(await portalA.get(`/portal/orders/${a.draftOrder.id}`)), withoutId(await portalA.get(`/portal/orders/${missing}`)));
    assert.deepEqual(withoutId(await portalA.get(`/portal/invoices/${a.draftInvoice.id}`)), withoutId(await portalA.get(`/portal/invoices/${missing}`)));
    assert.equal((await portalA.get(`/portal/invoices/${a.draftInvoice.id}/pdf`)).status, 404);
    const staffComments = ok(await admin.get(`/tickets/${b.ticket.id}/comments`)).items;
    assert.ok(staffComments.every((c: any) => c.body !== 'hello'), 'nothing was written on B’s ticket');
  });

  test('internal notes never reach the portal; staff see them', async () => {
    const portal = ok(await portalA.get(`/portal/tickets/${a.ticket.id}/comments`)).items;
    assert.deepEqual(portal.map((c: any) => c.body), ['We are looking at it']);
    assert.deepEqual(Object.keys(portal[0]).sort(), ['authorName', 'body', 'createdAt', 'fromCustomer', 'id']);
    const staff = ok(await admin.get(`/tickets/${a.ticket.id}/comments`)).items;
    assert.deepEqual(staff.map((c: any) => [c.body, c.internal]), [['We are looking at it', false], ['internal secret: the customer broke it', true]]);
  });

  test('the portal shows billable time only (date, minutes, description), prepaid lines included', async () => {
    const entries = ok(await portalA.get(`/portal/tickets/${a.ticket.id}/timesheets`)).items;
    assert.deepEqual(entries.map((e: any) => e.minutes).sort(), [15, 60]);
    assert.ok(entries.every((e: any) => e.id !== a.hidden.id && !e.description.includes('non-billable')));
    assert.deepEqual(Object.keys(entries[0]).sort(), ['billedMinutes', 'billedMultiplier', 'date', 'description', 'id', 'minutes']);
    const prepaid = ok(await portalA.get(`/portal/tickets/${a.colleagueTicket.id}/timesheets`)).items;
    assert.deepEqual(prepaid.map((e: any) => e.minutes), [90]);
  });

  test('orders: confirmed ones only, with ordered, delivered, invoiced and the remaining prepaid quantity', async () => {
    const orders = ok(await portalA.get('/portal/orders')).items;
    assert.deepEqual(orders.map((o: any) => o.id), [a.order.id]);
    const order = ok(await portalA.get(`/portal/orders/${a.order.id}`));
    assert.deepEqual(order, orders[0]);
    assert.equal(order.customerName, a.company.name);
    const [hourly, prepaid] = order.lines;
    assert.deepEqual({ ...hourly, id: undefined, description: undefined }, { id: undefined, description: undefined, unit: 'hour', quantity: '0.00', qtyDelivered: '1.25', qtyInvoiced: '1.25', remaining: null });
    assert.deepEqual({ ...prepaid, id: undefined, description: undefined }, { id: undefined, description: undefined, unit: 'hour', quantity: '10.00', qtyDelivered: '1.50', qtyInvoiced: '10.00', remaining: '8.50' });
    assert.ok(!JSON.stringify(order).includes('unitPrice'));
  });

  test('invoices: posted invoices and credit notes only, with a PDF', async () => {
    const credit = ok(await admin.post(`/invoices/${a.invoice.id}/reverse`, {}));
    ok(await admin.post(`/invoices/${credit.id}/post`, {}));
    const list = ok(await portalA.get('/portal/invoices')).items;
    assert.deepEqual(list.map((i: any) => [i.id, i.kind]), [[credit.id, 'credit_note'], [a.invoice.id, 'invoice']]);
    const invoice = ok(await portalA.get(`/portal/invoices/${a.invoice.id}`));
    assert.match(invoice.number, /^INV\/\d{4}\/\d{5}$/);
    assert.equal(invoice.customerName, a.company.name);
    assert.deepEqual(invoice.lines[0].entries.map((e: any) => e.minutes), [60]);
    const pdf = await portalA.get(`/portal/invoices/${a.invoice.id}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(Buffer.from(pdf.body).subarray(0, 5).toString(), '%PDF-');
    assert.equal((await portalA.get(`/portal/invoices/${b.invoice.id}/pdf`)).status, 404);
  });

  test('opening a ticket from the portal: the caller’s customer, the first stage, priority normal; then commenting', async () => {
    const teams = ok(await portalA.get('/portal/teams')).items;
    assert.ok(teams.some((t: any) => t.id === team.id && t.name === team.name));
    assert.deepEqual(Object.keys(teams[0]).sort(), ['id', 'name']);
    const opened = await portalA.post('/portal/tickets', { teamId: team.id, subject: 'Cannot print', description: 'Since Monday' });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.equal(opened.body.stageName, 'New');
    assert.equal(opened.body.customerName, a.contact.name);
    const staffView = ok(await admin.get(`/tickets/${opened.body.id}`));
    assert.equal(staffView.customerId, a.contact.id);
    assert.equal(staffView.priority, 'normal');
    assert.equal(staffView.assigneeId, null);
    const audit = ok(await admin.get(`/audit-events?objectType=ticket&objectId=${opened.body.id}`)).items;
    assert.deepEqual(audit.map((e: any) => [e.action, e.actorId]), [['created', portalA.userId]], 'audited with the portal user as actor');
    const comment = await portalA.post(`/portal/tickets/${opened.body.id}/comments`, { body: '  It shows error 42  ' });
    assert.equal(comment.status, 201);
    assert.equal(comment.body.body, 'It shows error 42');
    assert.equal(comment.body.fromCustomer, true);
    const staff = ok(await admin.get(`/tickets/${opened.body.id}/comments`)).items;
    assert.deepEqual(staff.map((c: any) => [c.body, c.internal, c.fromCustomer, c.authorId]), [['It shows error 42', false, true, portalA.userId]]);
    const colleague = ok(await portalA.get('/portal/tickets')).items.map((t: any) => t.id);
    assert.ok(colleague.includes(opened.body.id));
    assert.ok(!ok(await portalB.get('/portal/tickets')).items.some((t: any) => t.id === opened.body.id));
  });

  test('bad input is refused with 400 and changes nothing', async () => {
    const unchanged = ['/portal/tickets', `/portal/tickets/${a.ticket.id}/comments`];
    const create = (body: unknown) => () => portalA.post('/portal/tickets', body);
    await refuses(portalA, create({ subject: 'No team' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, create({ teamId: team.id, subject: '   ' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, create({ teamId: '999999999', subject: 'Unknown team' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, create({ teamId: team.id, subject: 'Other customer', customerId: b.company.id }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, create({ teamId: team.id, subject: 'Urgent!', priority: 'urgent' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, create({ teamId: team.id, subject: 'x'.repeat(301) }), 400, 'VALIDATION_FAILED', unchanged);
    const comment = (body: unknown) => () => portalA.post(`/portal/tickets/${a.ticket.id}/comments`, body);
    await refuses(portalA, comment({ body: 'sneaky', internal: true }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, comment({ body: '' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, comment({ body: 'x'.repeat(20001) }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, comment({ body: 'nul \u0000' }), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, () => portalA.get('/portal/tickets?cursor=forged'), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(portalA, () => portalA.get('/portal/tickets/abc'), 400, 'VALIDATION_FAILED', unchanged);
    await refuses(admin, () => admin.post(`/tickets/${a.ticket.id}/comments`, { body: '', internal: true }), 400, 'VALIDATION_FAILED', [`/tickets/${a.ticket.id}/comments`]);
  });

  test('a portal user may not call staff routes (403), and staff may not call portal routes', async () => {
    for (const path of ['/tickets', `/tickets/${a.ticket.id}`, `/tickets/${a.ticket.id}/comments`, '/timesheets', '/sale-orders', '/invoices', `/invoices/${a.invoice.id}/pdf`, '/customers', '/teams']) {
      const reply = await portalA.get(path);
      assert.equal(reply.status, 403, path);
      assert.equal(reply.body.error.code, 'FORBIDDEN', path);
    }
    await refuses(admin, () => portalA.post(`/tickets/${a.ticket.id}/comments`, { body: 'as staff?' }), 403, 'FORBIDDEN', [`/tickets/${a.ticket.id}/comments`]);
    assert.equal((await admin.get('/portal/tickets')).status, 403);
  });

  test('an agent reads and writes comments only on tickets of their teams', async () => {
    const agent = await apiAs(ctx.t.database.db, 'agent', admin.app);
    assert.equal((await agent.get(`/tickets/${a.ticket.id}/comments`)).status, 404);
    assert.equal((await agent.post(`/tickets/${a.ticket.id}/comments`, { body: 'hi' })).status, 404);
    ok(await admin.patch(`/users/${agent.userId}`, { teamIds: [team.id] }));
    const note = await agent.post(`/tickets/${a.ticket.id}/comments`, { body: 'checked the logs', internal: true });
    assert.equal(note.status, 201);
    assert.equal(note.body.internal, true);
    assert.ok(!ok(await portalA.get(`/portal/tickets/${a.ticket.id}/comments`)).items.some((c: any) => c.body === 'checked the logs'));
  });

  test('the database refuses an internal note written by a customer', async () => {
    const db = ctx.t.database;
    await assert.rejects(
      db.withSession((s) => s.query('INSERT INTO ticket_comments (ticket_id, author_id, body, internal) VALUES ($1, $2, $3, true)', [Number(a.ticket.id), Number(portalA.userId), 'x'])),
      /internal note/,
    );
  });

  test('R78: the portal shows the time recorded and the time billed on a block with a 15-minute step, which is what its remaining counts', async () => {
    const prepaid = ok(await admin.post('/products', buildProduct({ name: unique('Block'), invoicingPolicy: 'prepaid' })));
    const order = ok(await admin.post(`/sale-orders/${ok(await admin.post('/sale-orders', { customerId: a.company.id, lines: [{ productId: prepaid.id, quantity: '2' }] })).id}/confirm`));
    const lineId = order.lines[0].id;
    ok(await admin.patch(`/sale-order-lines/${lineId}`, { billingStepMinutes: 15 }));
    const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: unique('Backup'), customerId: a.company.id, saleOrderLineId: lineId }));
    await logMinutes(admin, ticket.id, [7, 20]);
    const seen = ok(await portalA.get(`/portal/tickets/${ticket.id}`));
    assert.deepEqual([seen.billableMinutes, seen.billedMinutes], [27, 45]);
    const entries = ok(await portalA.get(`/portal/tickets/${ticket.id}/timesheets`)).items;
    assert.deepEqual(entries.map((e: any) => [e.minutes, e.billedMinutes, e.billedMultiplier]).sort(), [[20, 30, '1'], [7, 15, '1']]);
    const line = ok(await portalA.get(`/portal/orders/${order.id}`)).lines[0];
    assert.deepEqual([line.qtyDelivered, line.remaining], ['0.75', '1.25'], 'the block drains by the billed time the customer sees');
  });
});
