import { expect, test, type Page } from '@playwright/test';
import { apiOf, pick, shot, signIn, uniqueName } from './helpers.ts';

/** Types a new entry in the ticket's timesheets grid and saves it with Enter. */
async function logTime(page: Page, description: string, duration: string): Promise<void> {
  const row = page.getByRole('row', { name: 'New entry' });
  await row.getByLabel('Description').fill(description);
  await row.getByLabel('Duration').fill(duration);
  await row.getByLabel('Duration').press('Enter');
  await expect(page.getByRole('row', { name: /^Entry of / }).filter({ hasText: description })).toHaveCount(1);
}

test('a 10-hour block used past its end: remaining goes negative, the order is upselling, the upsell alert comes once and is handled (R73, R74)', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Managed'), timesheetsEnabled: true, billingEnabled: true });
  const customerName = uniqueName('Contoso');
  const customer = await api.post('/customers', { name: customerName, kind: 'company' });
  const blockName = uniqueName('10-hour block');
  const product = await api.post('/products', { name: blockName, unit: 'hour', unitPrice: '85.00', invoicingPolicy: 'prepaid', upsellThresholdPercent: '100' });
  // The block is sold by the signed-in user: the order's account manager.
  const draft = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '10' }] });
  const order = await api.post(`/sale-orders/${draft.id}/confirm`);
  const before = (await api.get('/notifications')).unhandled as number;

  // A new ticket of the customer, no line chosen: it gets the block (R73).
  await page.goto('/tickets/new');
  await page.getByLabel('Team').selectOption({ label: team.name });
  await page.getByLabel('Subject').fill('Mail server migration');
  await pick(page.getByLabel('Customer'), customerName);
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { name: /Mail server migration/ })).toBeVisible();
  const ticketId = page.url().split('/').pop()!;
  expect((await api.get(`/tickets/${ticketId}`)).saleOrderLineId).toBe(order.lines[0].id);

  // 9.5 hours of work, then the entry that goes past the block.
  await api.post(`/tickets/${ticketId}/timesheets`, { date: '2026-11-02', minutes: 570, description: 'Migration, first days' });
  await page.reload();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await logTime(page, 'Cut-over night', '1:30');
  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(page.getByText('Remaining on this prepaid line: -1.00 h')).toBeVisible();

  // The ticket list shows what is left of the block: 1 hour over.
  await page.goto(`/tickets?customerId=${customer.id}`);
  await expect(page.getByRole('row', { name: /Mail server migration/ }).getByText('1.00 h over')).toBeVisible();

  // The order: remaining negative; once the block is invoiced, the order is upselling.
  await api.post(`/invoices/${(await api.post(`/sale-orders/${order.id}/invoices`)).id}/post`);
  await page.goto(`/sales/${order.id}`);
  await expect(page.getByRole('heading', { name: `Sales order ${order.number}` })).toBeVisible();
  const line = page.getByRole('row', { name: new RegExp(blockName) });
  await expect(line.getByText('1.00 h over')).toBeVisible();
  await expect(line.getByText('Upselling')).toBeVisible();

  // The bell: exactly one new alert, about this order.
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName(`Notifications: ${before + 1} to handle`);
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  const alerts = panel.getByRole('listitem').filter({ hasText: order.number });
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('reached 100% of its prepaid block');
  await shot(page, 'prepaid-block');

  // More time past the block raises nothing more.
  await api.post(`/tickets/${ticketId}/timesheets`, { date: '2026-11-03', minutes: 45, description: 'Follow-up' });
  await page.reload();
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: order.number })).toHaveCount(1);

  // Handled: it leaves the count and says so.
  await alerts.getByRole('button', { name: 'Mark handled' }).click();
  await expect(alerts.getByText('Handled', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Notifications/ })).toHaveAccessibleName(before === 0 ? 'Notifications' : `Notifications: ${before} to handle`);
});

test('the account manager chosen on the order gets its upsell alert, not the seller (R80, R74)', async ({ page, browser, baseURL }) => {
  await signIn(page);
  const api = await apiOf(page);
  const manager = { name: uniqueName('Priya Account'), email: `${uniqueName('priya').replaceAll(' ', '.')}@e2e.test`.toLowerCase(), password: 'manager-password-1' };
  const created = await api.post('/users', { ...manager, role: 'manager' });
  const team = await api.post('/teams', { name: uniqueName('Managed'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Fabrikam'), kind: 'company' });
  const product = await api.post('/products', { name: uniqueName('5-hour block'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'prepaid', upsellThresholdPercent: '80' });
  const draft = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '5' }] });
  const order = await api.post(`/sale-orders/${draft.id}/confirm`);

  // The seller (the signed-in admin) manages the order until someone else is chosen.
  await page.goto(`/sales/${order.id}`);
  const field = page.getByLabel('Account manager');
  await expect(field).toHaveValue(order.accountManager.name);
  await pick(field, manager.name.split(' ')[0]!, manager.name);
  await expect(page.getByText(`Account manager: ${manager.name}`)).toBeVisible();
  expect((await api.get(`/sale-orders/${order.id}`)).accountManager.id).toBe(created.id);
  await shot(page, 'order-account-manager');
  await page.locator('summary', { hasText: 'History' }).click();
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem').getByRole('listitem').filter({ hasText: `Account manager: ${order.accountManager.name} → ${manager.name}` })).toHaveCount(1);

  // 4 of 5 hours: 80 % reached; the alert is the account manager's.
  const ticket = await api.post('/tickets', { teamId: team.id, subject: 'Firewall rules', customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 240, description: 'Firewall rules' });
  expect((await api.get('/notifications?handled=false')).items.filter((n: { saleOrderId: string }) => n.saleOrderId === order.id)).toHaveLength(0);

  const context = await browser.newContext({ baseURL });
  const theirs = await context.newPage();
  await signIn(theirs, manager);
  const bell = theirs.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications: 1 to handle');
  await bell.click();
  const alert = theirs.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: order.number });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('reached 80% of its prepaid block');
  await shot(theirs, 'account-manager-alert');
  await context.close();

  // None: the order has no manager, and its alerts go to the admins.
  await pick(field, 'None');
  await expect(page.getByText('Account manager: none')).toBeVisible();
  await expect(page.getByText('None: upsell alerts go to the admins')).toBeVisible();
  expect((await api.get(`/sale-orders/${order.id}`)).accountManager).toBeNull();
});
