import { expect, test } from '@playwright/test';
import { apiOf, lineCell, shot, signIn, uniqueName } from './helpers.ts';

// Issue 13, R78: a manager gives an order line a 15-minute billing step; a 7-minute entry logged on
// a ticket of that line is recorded as 0:07 and billed as 0:15, on the ticket and in the order's
// delivered quantity.
test('a 7-minute entry is billed as 15 on a line with a 15-minute step', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Globex'), kind: 'company' });
  const productName = uniqueName('Support hour');
  const product = await api.post('/products', { name: productName, unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '0' }] });
  await api.post(`/sale-orders/${order.id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('VPN drops'), customerId: customer.id, saleOrderLineId: order.lines[0].id });

  // The manager sets the step on the order line.
  await page.goto(`/sales/${order.id}`);
  await expect(page.getByRole('heading', { name: `Sales order ${order.number}` })).toBeVisible();
  await page.getByRole('button', { name: `Edit line ${productName}` }).click();
  await page.getByLabel('Billing step (minutes)').fill('15');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: productName })).toContainText('Billed per entry: 15-min step');

  // The agent logs 7 minutes on the ticket: recorded 0:07, billed 0:15.
  await page.goto(`/tickets/${ticket.id}?tab=timesheets`);
  const row = page.getByRole('row', { name: 'New entry' });
  await row.getByLabel('Description').fill('Reset the VPN profile');
  await row.getByLabel('Duration').fill('7m');
  await row.getByLabel('Duration').press('Enter');
  const entry = page.getByRole('row').filter({ hasText: 'Reset the VPN profile' }).filter({ hasNotText: 'New entry' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('0:07');
  await expect(entry.getByTitle(/^Billed time/)).toHaveText('billed 0:15');
  await expect(page.getByLabel('Total logged')).toHaveText('0:07');
  await expect(page.getByLabel('Total billed')).toHaveText('0:15');
  await shot(page, 'billing-increments');

  // The order delivers the billed time: 0.25 h (0:15), not 0.12 h.
  await page.goto(`/sales/${order.id}`);
  await expect(await lineCell(page, productName, 'Delivered')).toHaveText('0.25(0:15)');
  const saved = await api.get(`/sale-orders/${order.id}`);
  expect(saved.lines[0]).toMatchObject({ qtyDelivered: '0.25', deliveredMinutes: 15, billingStepMinutes: 15 });

  // The invoice bills 0.25 h; its time detail shows the billed 0:15 with the recorded 0:07 beneath.
  const invoice = await api.post(`/sale-orders/${order.id}/invoices`, {});
  await page.goto(`/invoices/${invoice.id}`);
  const detail = page.getByRole('group', { name: `Time on ${productName}` });
  const billedRow = detail.getByRole('row').filter({ hasText: 'Reset the VPN profile' });
  await expect(billedRow).toContainText('0:15');
  await expect(billedRow.getByTitle(/^Recorded time/)).toHaveText('recorded 0:07');
});

// R78, decision 0046: a manager gives a product a default 15-minute step and 30-minute minimum on
// the product form; a line added with that product on a quotation shows them.
test('a product\'s default increments are taken by a new order line', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const customer = await api.post('/customers', { name: uniqueName('Initech'), kind: 'company' });
  const productName = uniqueName('Standard support');
  const product = await api.post('/products', { name: productName, unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });

  await page.goto(`/products/${product.id}`);
  await page.getByLabel('Billing step (minutes)').fill('15');
  await page.getByLabel('Minimum per entry (minutes)').fill('30');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Product “${productName}” saved`)).toBeVisible();
  expect(await api.get(`/products/${product.id}`)).toMatchObject({ billingStepMinutes: 15, billingMinimumMinutes: 30 });
  await shot(page, 'product-billing-increments');

  const order = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
  await page.goto(`/sales/${order.id}`);
  await expect(page.getByRole('row', { name: productName })).toContainText('Billed per entry: 15-min step, 30-min minimum');
});
