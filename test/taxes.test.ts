// Issue 12 (R66, decision 0030): tax records, customer fiscal positions, and the tax and legal
// mention they put on order lines, invoices and their PDF. Through the API, on every database.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { REVERSE_CHARGE_MENTION } from '../src/core/taxes.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam, logMinutes } from './factories.ts';
import { hasPoppler, pdfText } from './pdf-text.ts';

forEachDatabase('taxes', (ctx) => {
  let api: ApiClient;
  let product: { id: string };
  let taxes: Array<{ id: string; name: string; rate: string; category: string; active: boolean }>;
  const taxOf = (category: string) => taxes.find((t) => t.category === category && t.active)!;

  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
    ok(await api.patch('/company', { name: 'Seller BV', country: 'NL', vatId: 'NL859123456B01' }));
    ok(await api.post('/taxes', { name: 'VAT 21%', rate: '21', category: 'standard' }));
    product = ok(await api.post('/products', buildProduct({ taxRate: '21' })));
    taxes = ok(await api.get('/taxes')).items;
  });

  const quotationFor = async (customer: Record<string, unknown>) => {
    const c = ok(await api.post('/customers', buildCompany(customer)));
    return { customer: c, order: ok(await api.post('/sale-orders', { customerId: c.id })) };
  };
  const addLine = (orderId: string, body: Record<string, unknown> = {}) => api.post(`/sale-orders/${orderId}/lines`, { productId: product.id, ...body });

  test('R66: migration 0016 seeds one tax of each zero-rate category; a standard tax needs a rate above 0', () => {
    for (const category of ['zero', 'exempt', 'reverse_charge', 'outside_scope']) assert.equal(taxOf(category).rate, '0.00', category);
    assert.equal(taxOf('standard').rate, '21.00');
  });

  test('R66: a customer\'s fiscal position defaults from its country and VAT id, seen from the company\'s country', async () => {
    const position = async (address: Record<string, unknown> | undefined, vatId: string | null) =>
      ok(await api.post('/customers', buildCompany({ ...(address ? { address } : {}), vatId }))).fiscalPosition;
    assert.equal(await position({ country: 'NL' }, 'NL812345678B01'), 'domestic');
    assert.equal(await position({ country: 'DE' }, 'DE287654321'), 'eu_business');
    assert.equal(await position({ country: 'DE' }, null), 'domestic');
    assert.equal(await position({ country: 'US' }, null), 'outside_eu');
    assert.equal(await position(undefined, null), 'domestic');
  });

  test('R66: a domestic customer\'s line takes the standard tax of its product\'s rate', async () => {
    const { order } = await quotationFor({ address: { country: 'NL' } });
    const line = ok(await addLine(order.id)).lines[0];
    assert.deepEqual([line.taxId, line.taxName, line.taxRate, line.taxAmount], [taxOf('standard').id, 'VAT 21%', '21.00', '0.00']);
  });

  test('R66: an EU business with a VAT id gets the reverse charge at 0; its invoice and PDF carry the mention and its VAT id', async () => {
    const team = ok(await api.post('/teams', buildTeam()));
    const { customer, order } = await quotationFor({ address: { country: 'DE', city: 'München' }, vatId: 'DE287654321' });
    const line = ok(await addLine(order.id)).lines[0];
    assert.deepEqual([line.taxId, line.taxRate], [taxOf('reverse_charge').id, '0.00']);
    ok(await api.post(`/sale-orders/${order.id}/confirm`));
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: 'Migration', customerId: customer.id, saleOrderLineId: line.id }));
    await logMinutes(api, ticket.id, [90]);
    const draft = ok(await api.post(`/sale-orders/${order.id}/invoices`, {}));
    assert.equal(draft.taxMention, REVERSE_CHARGE_MENTION);
    assert.deepEqual([draft.lines[0].taxName, draft.lines[0].taxCategory, draft.amountTax, draft.amountTotal], ['Reverse charge (EU)', 'reverse_charge', '0.00', '135.00']);
    const posted = ok(await api.post(`/invoices/${draft.id}/post`, {}));
    assert.equal(ok(await api.get(`/invoices/${posted.id}`)).taxMention, REVERSE_CHARGE_MENTION);
    assert.equal(posted.customerSnapshot.vatId, 'DE287654321');
    if (hasPoppler) {
      const text = pdfText((await api.get(`/invoices/${posted.id}/pdf`)).body as Buffer);
      assert.ok(text.includes(REVERSE_CHARGE_MENTION), text);
      assert.ok(text.includes('VAT: DE287654321'), text);
    }
  });

  test('R66: a domestic invoice carries no mention', async () => {
    const { order } = await quotationFor({ address: { country: 'NL' } });
    ok(await api.post(`/sale-orders/${order.id}/lines`, { productId: ok(await api.post('/products', buildProduct({ invoicingPolicy: 'prepaid' }))).id, quantity: '2' }));
    ok(await api.post(`/sale-orders/${order.id}/confirm`));
    const invoice = ok(await api.post(`/sale-orders/${order.id}/invoices`, {}));
    assert.deepEqual([invoice.taxMention, invoice.lines[0].taxCategory, invoice.amountTax], [null, 'standard', '37.80']);
  });

  test('R66: an EU business without a VAT id is refused a line (422 CUSTOMER_VAT_ID_MISSING), and nothing changes', async () => {
    const { order } = await quotationFor({ address: { country: 'DE' }, fiscalPosition: 'eu_business' });
    const body = await refuses(api, () => addLine(order.id), 422, 'CUSTOMER_VAT_ID_MISSING', [`/sale-orders/${order.id}`]);
    assert.equal(body.error.details[0].path, 'customer.vatId');
  });

  test('R66: a customer outside the EU gets the outside-scope tax', async () => {
    const { order } = await quotationFor({ address: { country: 'US' } });
    const line = ok(await addLine(order.id)).lines[0];
    assert.deepEqual([line.taxId, line.taxRate], [taxOf('outside_scope').id, '0.00']);
  });

  test('R66: an explicit tax in the request wins over the fiscal position; an inactive or unknown one is refused', async () => {
    const { order } = await quotationFor({ address: { country: 'US' } });
    const line = ok(await addLine(order.id, { taxId: taxOf('standard').id })).lines[0];
    assert.deepEqual([line.taxId, line.taxRate], [taxOf('standard').id, '21.00']);
    const changed = ok(await api.patch(`/sale-order-lines/${line.id}`, { taxId: taxOf('exempt').id })).lines[0];
    assert.deepEqual([changed.taxId, changed.taxRate], [taxOf('exempt').id, '0.00']);
    const old = ok(await api.post('/taxes', { name: 'VAT 19% (old)', rate: '19', category: 'standard', active: false }));
    await refuses(api, () => addLine(order.id, { taxId: old.id }), 400, 'VALIDATION_FAILED', [`/sale-orders/${order.id}`]);
    await refuses(api, () => addLine(order.id, { taxId: taxOf('standard').id, taxRate: '9' }), 400, 'VALIDATION_FAILED', [`/sale-orders/${order.id}`]);
  });

  test('R66: a rate that does not fit the category is refused (422 TAX_RATE_NOT_IN_CATEGORY), on create and on change', async () => {
    const body = await refuses(api, () => api.post('/taxes', { name: 'Reverse 21', rate: '21', category: 'reverse_charge' }), 422, 'TAX_RATE_NOT_IN_CATEGORY', ['/taxes']);
    assert.equal(body.error.details[0].path, 'rate');
    await refuses(api, () => api.post('/taxes', { name: 'Standard 0', rate: '0', category: 'standard' }), 422, 'TAX_RATE_NOT_IN_CATEGORY', ['/taxes']);
    await refuses(api, () => api.patch(`/taxes/${taxOf('standard').id}`, { category: 'zero' }), 422, 'TAX_RATE_NOT_IN_CATEGORY', ['/taxes']);
    await refuses(api, () => api.post('/taxes', { name: 'vat 21%', rate: '21', category: 'standard' }), 409, 'CONFLICT', ['/taxes']);
  });

  test('R66: only the admin changes taxes; staff read them for pickers', async () => {
    for (const role of ['manager', 'accountant', 'agent'] as const) {
      const other = await apiAs(ctx.t.database.db, role);
      assert.equal((await other.get('/taxes')).status, 200, role);
      assert.equal((await other.post('/taxes', { name: `By ${role}`, rate: '0', category: 'zero' })).status, 403, role);
      assert.equal((await other.patch(`/taxes/${taxOf('zero').id}`, { active: false })).status, 403, role);
    }
    const renamed = ok(await api.patch(`/taxes/${taxOf('zero').id}`, { name: 'Zero-rated' }));
    assert.equal(renamed.name, 'Zero-rated');
  });
});
