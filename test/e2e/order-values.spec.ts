import { expect, test } from '@playwright/test';
import { apiOf, lineCell, shot, signIn, uniqueName } from './helpers.ts';

test('an order billed on time shows what was delivered, invoiced and is left to invoice; only deletable lines offer Delete, and ask first', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Initech'), kind: 'company' });
  const supportName = uniqueName('Support hour');
  const support = await api.post('/products', { name: supportName, unit: 'hour', unitPrice: '97.35', invoicingPolicy: 'timesheets' });
  const seniorName = uniqueName('Senior hour');
  const senior = await api.post('/products', { name: seniorName, unit: 'hour', unitPrice: '150.00', invoicingPolicy: 'timesheets' });
  // Time lines are ordered 0: the work is billed as it is delivered.
  const order = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: support.id, quantity: '0' }, { productId: senior.id, quantity: '0' }] });
  await api.post(`/sale-orders/${order.id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: 'Printer offline', customerId: customer.id, saleOrderLineId: order.lines[0].id });
  for (const minutes of [60, 90, 25]) await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes, description: `Work ${minutes}` });
  const invoice = await api.post(`/sale-orders/${order.id}/invoices`);
  await api.post(`/invoices/${invoice.id}/post`);
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-03', minutes: 35, description: 'Follow-up' });

  await page.goto(`/sales/${order.id}`);
  await expect(page.getByRole('heading', { name: `Sales order ${order.number}` })).toBeVisible();
  // 3.50 h delivered, 2.92 h invoiced (284.26 EUR), 0.58 h left, at 97.35 an hour.
  await expect(await lineCell(page, supportName, 'Delivered value')).toHaveText('340.73');
  await expect(await lineCell(page, supportName, 'Invoiced value')).toHaveText('284.26');
  await expect(await lineCell(page, supportName, 'To invoice value')).toHaveText('56.46');
  // Nothing was ordered up front: no misleading 0.00 as its subtotal.
  await expect(await lineCell(page, supportName, 'Subtotal')).toHaveText('—');
  const values = page.getByRole('definition').filter({ hasText: 'EUR' });
  await expect(page.getByLabel('Values')).toContainText('340.73 EUR');
  await expect(page.getByLabel('Values')).toContainText('284.26 EUR');
  await expect(page.getByLabel('Values')).toContainText('56.46 EUR');
  await expect(values.filter({ hasText: '0.00 EUR' })).toHaveCount(0);
  await expect(page.getByLabel('Ordered', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create invoice' })).toBeEnabled();

  // The line with time and an invoice on it cannot be deleted, and says why.
  const blocked = page.getByRole('button', { name: `Delete line ${supportName}` });
  await expect(blocked).toBeDisabled();
  await expect(blocked).toHaveAttribute('title', 'This line cannot be deleted: an invoice bills it, time is logged on it, tickets are linked to it');
  // Nor can the order be cancelled once it has invoices: the button says why.
  await expect(page.getByRole('button', { name: 'Cancel order' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveAttribute('title', 'This order has invoices; it cannot be cancelled');
  await shot(page, 'order-values');

  // The unused line can be deleted, after a confirmation; keeping it changes nothing.
  await page.getByRole('button', { name: `Delete line ${seniorName}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this line?' });
  await expect(dialog).toContainText('This cannot be undone');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row', { name: seniorName })).toBeVisible();
  await page.getByRole('button', { name: `Delete line ${seniorName}` }).click();
  await dialog.getByRole('button', { name: 'Delete line' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: seniorName })).toHaveCount(0);

  // Once everything is invoiced, Create invoice gives way to a disabled "Nothing to invoice".
  await api.post(`/sale-orders/${order.id}/invoices`);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Nothing to invoice' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Create invoice' })).toHaveCount(0);
  await expect(page.getByLabel('Values')).toContainText('340.73 EUR');
});
