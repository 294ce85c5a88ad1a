import { expect, test, type Page } from '@playwright/test';
import { apiOf, postDraft, signIn, uniqueName } from './helpers.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** A billing team, a customer, a 90.00/h timesheets product on a confirmed order, a ticket on its line with 20, 40 and 60 minutes. */
async function billedOrder(page: Page) {
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Customer'), kind: 'company' });
  const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const draftOrder = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
  const order = await api.post(`/sale-orders/${draftOrder.id}/confirm`);
  const line = order.lines[0];
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Printer down'), customerId: customer.id, saleOrderLineId: line.id });
  for (const [minutes, description] of [[20, 'Triage'], [40, 'Replaced the toner'], [60, 'Driver update']] as const) {
    await api.post(`/tickets/${ticket.id}/timesheets`, { date: today(), minutes, description });
  }
  const draft = await api.post(`/sale-orders/${order.id}/invoices`);
  const invoice = await api.post(`/invoices/${draft.id}/post`);
  return { api, order, line, invoice };
}

test('reverse and credit entries', async ({ page }) => {
  await signIn(page);
  const { api, order, line, invoice } = await billedOrder(page);
  const invoiceTitle = `Invoice ${invoice.number}`;

  await page.goto(`/invoices/${invoice.id}`);
  await expect(page.getByRole('heading', { level: 1, name: invoiceTitle })).toBeVisible();
  const detail = page.getByRole('group', { name: `Time on ${line.description}` });
  await expect(detail.getByRole('row')).toHaveCount(4);
  for (const duration of ['0:20', '0:40', '1:00']) await expect(detail.getByRole('cell', { name: duration, exact: true })).toBeVisible();

  // Credit the 40-minute entry only.
  await page.getByRole('button', { name: 'Credit entries' }).click();
  const dialog = page.getByRole('dialog', { name: 'Credit entries' });
  await dialog.getByRole('checkbox', { name: /Replaced the toner · 0:40$/ }).check();
  await dialog.getByRole('button', { name: 'Create credit note' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft credit note' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '0.67 h', exact: true })).toBeVisible();
  await postDraft(page);
  await expect(page.getByRole('heading', { level: 1, name: /^Credit note RINV\/\d{4}\/\d{5}/ })).toBeVisible();
  const partialNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/RINV\/\d{4}\/\d{5}/)?.[0];

  // Back on the invoice, the credit note is linked.
  await page.getByRole('link', { name: invoiceTitle }).click();
  await expect(page.getByRole('heading', { level: 1, name: invoiceTitle })).toBeVisible();
  await expect(page.getByRole('link', { name: `Credit note ${partialNumber}` })).toBeVisible();

  // Reverse: a draft credit note for the two entries the invoice still bills.
  await page.getByRole('button', { name: 'Reverse' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft credit note' })).toBeVisible();
  const reversed = page.getByRole('group', { name: `Time on ${line.description}` });
  await expect(reversed.getByRole('row')).toHaveCount(3);
  await expect(reversed.getByRole('cell', { name: '0:40', exact: true })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: '1.33 h', exact: true })).toBeVisible();
  await postDraft(page);
  await expect(page.getByRole('heading', { level: 1, name: /^Credit note RINV\// })).toBeVisible();

  // Everything credited is to invoice again: a new invoice bills the three entries, once.
  const again = await api.post(`/sale-orders/${order.id}/invoices`);
  expect(again.lines).toHaveLength(1);
  expect(again.lines[0].entries).toHaveLength(3);
  expect(again.lines[0].quantity).toBe('2.00');
  const after = await api.get(`/sale-orders/${order.id}`);
  expect(after.lines[0].qtyToInvoice).toBe('0.00');
});

test('configure a team', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'New team' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New team' })).toBeVisible();
  const name = uniqueName('Customer Care');
  await page.getByLabel('Name').fill(name);
  const timesheets = page.getByRole('switch', { name: 'Timesheets on tickets' });
  const billing = page.getByRole('switch', { name: 'Time billing' });
  await expect(billing).toBeDisabled();
  await timesheets.check();
  await expect(billing).toBeEnabled();
  await billing.check();
  await page.getByRole('button', { name: 'Create team' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Team created.' })).toBeVisible();
  await expect(page.getByLabel('Project').locator('option:checked')).toHaveText(name);
  await expect(timesheets).toBeChecked();
  await expect(billing).toBeChecked();
  await expect(page.getByRole('listitem').filter({ hasText: 'Solved' }).getByText('Closed')).toBeVisible();

  // The dashboard card leads back to these settings.
  await page.getByRole('link', { name: 'Helpdesk', exact: true }).first().click();
  await page.getByRole('link', { name: `Settings of ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
