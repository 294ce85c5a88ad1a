// Decision 0001: ids are bigint identities. Every identity of the database starts past 2^31 here,
// and the whole billing flow runs through the HTTP layer: a leftover `::int` cast, an int4
// column or a driver that parses int8 into a string would fail or answer a wrong id.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam, stageNamed } from './factories.ts';

const PAST_INT4 = 3_000_000_000;

forEachDatabase('ids past 2^31', (ctx) => {
  let api: ApiClient;
  before(async () => {
    const { db } = ctx.t.database;
    const identities = await queryRows<{ table_name: string; column_name: string }>(db, sql`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES' ORDER BY table_name`);
    assert.ok(identities.length >= 15, 'the schema has its identity columns');
    // Each table starts at its own offset, so an id confused with another table's cannot pass.
    for (const [i, { table_name, column_name }] of identities.entries()) {
      await db.execute(sql.raw(`ALTER TABLE ${table_name} ALTER COLUMN ${column_name} RESTART WITH ${PAST_INT4 + i * 1000}`));
    }
    await db.execute(sql.raw(`ALTER SEQUENCE ticket_number_seq RESTART WITH ${PAST_INT4}`));
    api = await apiAs(db, 'admin');
  });

  test('the billing flow keeps ids past 2^31 exact: ticket, time, order, invoice, credit note, history', async () => {
    assert.ok(Number((api as ApiClient & { userId: string }).userId) > PAST_INT4, 'users start past 2^31');
    const team = ok(await api.post('/teams', buildTeam()));
    const customer = ok(await api.post('/customers', buildCompany()));
    const product = ok(await api.post('/products', buildProduct()));
    const order = ok(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] }));
    ok(await api.post(`/sale-orders/${order.id}/confirm`));
    const line = order.lines[0].id;
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: 'Big ids', customerId: customer.id }));
    assert.ok(ticket.number >= PAST_INT4, 'ticket numbers too');
    const early = ok(await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 20 }));
    assert.equal(early.status, 'unlinked');
    assert.equal(ok(await api.patch(`/tickets/${ticket.id}`, { saleOrderLineId: line })).saleOrderLineId, line);
    const pinned = ok(await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-03', minutes: 40, saleOrderLineId: line }));
    assert.deepEqual([pinned.saleOrderLineId, pinned.ticketId, pinned.projectId], [line, ticket.id, team.projectId]);
    const moved = ok(await api.get(`/timesheets/${early.id}`));
    assert.deepEqual([moved.saleOrderLineId, moved.status], [line, 'to_invoice']);
    for (const id of [team.id, customer.id, product.id, order.id, line, ticket.id, early.id, pinned.id]) assert.ok(Number(id) > PAST_INT4, `id ${id} is past 2^31`);

    const view = ok(await api.get(`/sale-orders/${order.id}`));
    assert.deepEqual([view.lines[0].qtyDelivered, view.lines[0].qtyToInvoice], ['1.00', '1.00']);
    const draft = ok(await api.post(`/sale-orders/${order.id}/invoices`, {}));
    assert.deepEqual(draft.lines[0].timesheetIds.sort(), [early.id, pinned.id].sort());
    const invoice = ok(await api.post(`/invoices/${draft.id}/post`, {}));
    assert.equal(ok(await api.get(`/timesheets/${early.id}`)).invoiceId, invoice.id);
    assert.deepEqual(ok(await api.get(`/timesheets?invoiceId=${invoice.id}&status=invoiced`)).items.map((t: any) => t.id).sort(), [early.id, pinned.id].sort());
    assert.equal((await api.get(`/invoices/${invoice.id}/pdf`)).status, 200);

    const credit = ok(await api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [early.id] }));
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    assert.equal(ok(await api.get(`/timesheets/${early.id}`)).status, 'to_invoice');
    const history = ok(await api.get(`/audit-events?ticketId=${ticket.id}`)).items;
    assert.ok(history.some((e: any) => e.objectType === 'timesheet' && e.objectId === early.id), 'the history names the entry by its id');

    const solved = await stageNamed(api, team.id, 'Solved');
    assert.equal(ok(await api.patch(`/tickets/${ticket.id}`, { stageId: solved.id })).stageId, solved.id);
    const dashboard = ok(await api.get('/helpdesk/dashboard')).items.find((c: any) => c.teamId === team.id);
    assert.equal(dashboard.minutesToInvoice, 20);
  });
});
