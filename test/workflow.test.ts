import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { stageNamed } from './factories.ts';

// SPEC §1, step by step, as a new user would drive the API.
forEachDatabase('reference workflow', (ctx) => {
  let api: ApiClient;
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('§1 end to end: team → order → time → link → rates → invoice → PDF → close', async () => {
    // 1. Configure a team (R10: enabling timesheets creates a project named after the team).
    const created = ok(await api.post('/teams', { name: 'Premium Support' }));
    assert.equal(created.projectId, null);
    const team = ok(await api.patch(`/teams/${created.id}`, { timesheetsEnabled: true, billingEnabled: true }));
    assert.ok(team.projectId);
    assert.equal(ok(await api.get(`/projects/${team.projectId}`)).name, 'Premium Support');

    // 2. A customer (company + contact), a product created for the order line, a quotation, confirm.
    const company = ok(await api.post('/customers', { name: 'Βόρειος Άνεμος ΑΕ', kind: 'company', vatId: 'EL123456789', address: { street: 'Οδός 1', city: 'Αθήνα', postalCode: '10558', country: 'GR' } }));
    const contact = ok(await api.post('/customers', { name: 'Дмитрий Иванов', kind: 'person', companyId: company.id }));
    assert.equal(contact.commercialEntityId, company.id);
    const hour = ok(await api.post('/products', { name: 'Support hour', unit: 'hour', unitPrice: '90.00', taxRate: '21', invoicingPolicy: 'timesheets' }));
    const senior = ok(await api.post('/products', { name: 'Senior hour', unit: 'hour', unitPrice: '150.00', taxRate: '21', invoicingPolicy: 'timesheets' }));
    const quotation = ok(await api.post('/sale-orders', { customerId: company.id, lines: [{ productId: hour.id }] }));
    assert.equal(quotation.state, 'draft');
    assert.match(quotation.number, /^S\d{5}$/);
    const order = ok(await api.post(`/sale-orders/${quotation.id}/confirm`));
    assert.equal(order.state, 'confirmed');

    // 3. Record time before the ticket is linked: the entries are unlinked (R13).
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: 'VPN drops every hour', customerId: contact.id }));
    const early = ok(await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 90, description: 'Diagnosis' }));
    assert.equal(early.status, 'unlinked');
    assert.equal(early.projectId, team.projectId);

    // 4. Link the ticket: the options are the lines of confirmed orders of the same commercial entity (R20).
    const options = ok(await api.get(`/tickets/${ticket.id}/sale-order-line-options`)).items;
    assert.deepEqual(options.map((o: any) => o.id), [order.lines[0].id]);
    const linked = ok(await api.patch(`/tickets/${ticket.id}`, { saleOrderLineId: order.lines[0].id }));
    assert.equal(linked.saleOrderId, order.id);
    assert.equal(ok(await api.get(`/timesheets/${early.id}`)).status, 'to_invoice'); // R21 moved it

    // 5. Modify billing rates: a non-billable entry and one at another rate (a second line).
    const withSenior = ok(await api.post(`/sale-orders/${order.id}/lines`, { productId: senior.id }));
    const seniorLine = withSenior.lines.find((l: any) => l.productId === senior.id);
    ok(await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-03', minutes: 30, description: 'Courtesy call', billable: false }));
    const pinned = ok(await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-03', minutes: 45, description: 'Firewall rule review', saleOrderLineId: seniorLine.id }));
    assert.equal(pinned.pinned, true);

    // 6. Delivered = hours recorded (R30); create the invoice (R40) and post it (R43).
    const before = ok(await api.get(`/sale-orders/${order.id}`));
    assert.deepEqual(before.lines.map((l: any) => l.qtyDelivered), ['1.50', '0.75']);
    assert.equal(before.invoiceStatus, 'to_invoice');
    const draft = ok(await api.post(`/sale-orders/${order.id}/invoices`, {}));
    assert.equal(draft.state, 'draft');
    assert.deepEqual(draft.lines.map((l: any) => [l.quantity, l.subtotal]), [['1.50', '135.00'], ['0.75', '112.50']]);
    assert.equal(draft.amountUntaxed, '247.50');
    assert.equal(draft.amountTax, '51.98'); // 28.35 + 23.63, per line (R4)
    assert.equal(draft.amountTotal, '299.48');
    const today = new Date().toISOString().slice(0, 10);
    const invoice = ok(await api.post(`/invoices/${draft.id}/post`, { invoiceDate: today }));
    assert.match(invoice.number, new RegExp(`^INV/${today.slice(0, 4)}/\\d{5}$`));
    assert.equal(invoice.customerSnapshot.name, 'Βόρειος Άνεμος ΑΕ');
    assert.equal(invoice.dueDate, new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    const after = ok(await api.get(`/sale-orders/${order.id}`));
    assert.deepEqual(after.lines.map((l: any) => [l.qtyInvoiced, l.qtyToInvoice, l.invoiceStatus]), [['1.50', '0.00', 'invoiced'], ['0.75', '0.00', 'invoiced']]);

    // R45: the PDF with the time detail.
    const pdf = await api.get(`/invoices/${invoice.id}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal((pdf.body as Buffer).subarray(0, 5).toString(), '%PDF-');

    // 7. Navigation: ticket → order; order → tickets, timesheets, invoices; invoice → timesheets.
    assert.deepEqual(ok(await api.get(`/tickets?saleOrderId=${order.id}`)).items.map((t: any) => t.id), [ticket.id]);
    assert.equal(ok(await api.get(`/timesheets?saleOrderId=${order.id}`)).items.length, 2);
    assert.deepEqual(ok(await api.get(`/invoices?saleOrderId=${order.id}`)).items.map((i: any) => i.id), [invoice.id]);
    assert.equal(ok(await api.get(`/timesheets?invoiceId=${invoice.id}`)).items.length, 2);

    // Close the ticket; it then refuses time (R14).
    const solved = await stageNamed(api, team.id, 'Solved');
    assert.equal(ok(await api.patch(`/tickets/${ticket.id}`, { stageId: solved.id })).closed, true);
    const refused = await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-04', minutes: 10 });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'TICKET_CLOSED');
  });
});
