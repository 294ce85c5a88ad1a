import { expect, test } from '@playwright/test';
import { apiOf, lineCell, pick, signIn, uniqueName } from './helpers.ts';

test('period invoicing', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: 'Globex Corporation', kind: 'company', vatId: 'NL123456789B01' });
  const productName = 'Support hour';
  const product = await api.post('/products', { name: productName, unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, quantity: '10.00' }] });
  await api.post(`/sale-orders/${order.id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: 'Backups fail', customerId: customer.id, saleOrderLineId: order.lines[0].id });
  for (const [date, minutes] of [['2026-10-15', 60], ['2026-11-03', 30], ['2026-11-20', 45]] as const) {
    await api.post(`/tickets/${ticket.id}/timesheets`, { date, minutes, description: `Work of ${date}` });
  }

  await page.goto(`/sales/${order.id}`);
  await expect(page.getByRole('heading', { name: `Sales order ${order.number}` })).toBeVisible();
  await expect(await lineCell(page, productName, 'Delivered')).toContainText('2.25');
  await expect(await lineCell(page, productName, 'Delivered')).toContainText('2:15');
  await expect(await lineCell(page, productName, 'To invoice')).toHaveText('2.25');
  await expect(page.getByRole('button', { name: /3\s*Timesheets/ })).toBeVisible();

  await page.getByRole('button', { name: 'Create invoice' }).click();
  const form = page.getByRole('form', { name: 'Create invoice' });
  await form.getByLabel('Period start').fill('2026-11-01');
  await form.getByLabel('Period end').fill('2026-11-30');
  await form.getByRole('button', { name: 'Create draft invoice' }).click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  const invoiceId = new URL(page.url()).pathname.split('/').pop();
  const invoice = await api.get(`/invoices/${invoiceId}`);
  expect(invoice.lines).toHaveLength(1);
  expect(invoice.lines[0].quantity).toBe('1.25');

  await page.goto(`/sales/${order.id}`);
  await expect(await lineCell(page, productName, 'Invoiced')).toHaveText('1.25');
  await expect(await lineCell(page, productName, 'To invoice')).toHaveText('1.00');
  await page.getByRole('button', { name: /1\s*Invoices/ }).click();
  await expect(page.getByRole('link', { name: 'Draft invoice' })).toHaveAttribute('href', `/invoices/${invoiceId}`);

  // The same period again: nothing left in it, said in words.
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await form.getByLabel('Period start').fill('2026-11-01');
  await form.getByLabel('Period end').fill('2026-11-30');
  await form.getByRole('button', { name: 'Create draft invoice' }).click();
  await expect(form.getByRole('alert')).toHaveText('Nothing to invoice on this order in this period.');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: /3\s*Timesheets/ }).click();
  await expect(page.getByRole('row', { name: /2026-11-20/ })).toContainText('0:45');
});

test('create a product from an order line and confirm', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const customer = await api.post('/customers', { name: uniqueName('Quote Customer'), kind: 'company', email: 'it@quote.test' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('link', { name: 'New quotation' }).click();
  await pick(page.getByLabel('Customer'), customer.name);
  await page.getByRole('button', { name: 'Create quotation' }).click();
  await expect(page.getByRole('heading', { name: /^Quotation S\d+/ })).toBeVisible();

  // Typing a name no product has offers to create it, with that name.
  const productName = 'Senior hour';
  await page.getByRole('form', { name: 'Add a line' }).getByLabel('Product').fill(productName);
  await page.getByRole('option', { name: `Create “${productName}”` }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a product' });
  await expect(dialog.getByLabel('Product name')).toHaveValue(productName);
  await dialog.getByLabel('Unit price').fill('150.00');
  await dialog.getByLabel('Invoicing policy').selectOption({ label: 'Based on timesheets' });
  await dialog.getByRole('button', { name: 'Create and select' }).click();
  await expect(dialog).toBeHidden();
  const toasts = page.getByTestId('toast');
  await expect(toasts.filter({ hasText: `Product “${productName}” created` })).toBeVisible();
  const addLine = page.getByRole('form', { name: 'Add a line' });
  await expect(addLine.getByLabel('Product')).toHaveValue(productName);
  await addLine.getByLabel('Quantity').fill('10');
  await addLine.getByLabel('Quantity').press('Enter');
  await expect(await lineCell(page, productName, 'Unit price')).toHaveText('150.00');
  await expect(await lineCell(page, productName, 'Subtotal')).toHaveText('1,500.00');
  await expect(toasts.filter({ hasText: `Line added: ${productName}` })).toBeVisible();

  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: /^Sales order S\d+/ })).toBeVisible();
  await expect(toasts.filter({ hasText: /^Order S\d+ confirmed/ })).toBeVisible();
  await expect(page.getByRole('heading').getByText('Sales order', { exact: true })).toBeVisible();
  // Nothing delivered yet on a time line: Create invoice is not offered (R71).
  await expect(page.getByRole('button', { name: 'Nothing to invoice' })).toBeDisabled();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('link', { name: productName, exact: true })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  // Other journeys add many customers (pickers.spec.ts): find this one by its name.
  await page.getByRole('searchbox', { name: 'Search' }).fill(customer.name);
  await page.getByRole('link', { name: customer.name }).click();
  await page.getByRole('link', { name: 'Add contact' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Ada Contact');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Ada Contact' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Ada Contact');
  await expect(page.getByRole('row', { name: /Ada Contact/ })).toContainText(customer.name);
});

test('an "Add a line" draft stays on its order', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const customer = await api.post('/customers', { name: uniqueName('Draft Customer'), kind: 'company' });
  const first = await api.post('/sale-orders', { customerId: customer.id });
  const second = await api.post('/sale-orders', { customerId: customer.id });

  // First order, then (in the app) the list and the second order: three history entries.
  await page.goto(`/sales/${first.id}`);
  await expect(page.getByRole('heading', { name: `Quotation ${first.number}` })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('link', { name: second.number }).click();
  await expect(page.getByRole('heading', { name: `Quotation ${second.number}` })).toBeVisible();
  const addLine = page.getByRole('form', { name: 'Add a line' });
  await addLine.getByLabel('Description').fill('Half-typed line of the second order');
  await addLine.getByLabel('Quantity').fill('7');

  // Straight back to the first order (the back button's history menu): the same page component.
  await page.evaluate(() => window.history.go(-2));
  await expect(page.getByRole('heading', { name: `Quotation ${first.number}` })).toBeVisible();
  await expect(addLine.getByLabel('Description')).toHaveValue('');
  await expect(addLine.getByLabel('Quantity')).toHaveValue('');
});

test('session expiry keeps what you typed', async ({ page }) => {
  await page.clock.install();
  await signIn(page);
  const api = await apiOf(page);
  const customer = await api.post('/customers', { name: uniqueName('Expiry Customer'), kind: 'company' });
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible();
  const phone = page.getByLabel('Phone');
  await phone.fill('+31 20 555 0101');

  // The session ends on the server; later the agent comes back to the tab and the page refreshes.
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  expect((await page.request.post('/api/v1/auth/logout', { headers: { 'x-csrf-token': me.csrfToken } })).ok()).toBe(true);
  await page.clock.fastForward('05:00');
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));

  const dialog = page.getByRole('dialog', { name: 'Your session ended' });
  await expect(dialog).toBeVisible();
  // The page stays behind the dialog with what was typed; the keyboard cannot reach it.
  await expect(page.getByRole('heading', { name: customer.name })).toBeAttached();
  await expect(phone).toHaveValue('+31 20 555 0101');
  await expect(dialog.getByLabel('Password')).toBeFocused();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main, header') != null), 'focus left the dialog').toBe(false);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Password').fill('e2e-admin-password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(phone).toHaveValue('+31 20 555 0101');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Saved');
  await expect(page.getByTestId('toast')).toContainText(`Customer “${customer.name}” saved`);
  const fresh = await apiOf(page);
  expect((await fresh.get(`/customers/${customer.id}`)).phone).toBe('+31 20 555 0101');
});

test("arrow keys on a quotation's customer save nothing until Enter chooses", async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const prefix = uniqueName('Arrow');
  const first = await api.post('/customers', { name: `${prefix} A`, kind: 'company' });
  const second = await api.post('/customers', { name: `${prefix} B`, kind: 'company' });
  const order = await api.post('/sale-orders', { customerId: first.id });

  await page.goto(`/sales/${order.id}`);
  const picker = page.getByLabel('Customer', { exact: true });
  await expect(picker).toHaveValue(first.name);
  await picker.fill(prefix);
  await expect(page.getByRole('option', { name: second.name })).toBeVisible();
  await picker.press('ArrowDown');
  await expect(page.getByRole('option', { name: second.name })).toHaveAttribute('aria-selected', 'true');
  expect((await api.get(`/sale-orders/${order.id}`)).customerId).toBe(first.id);
  await picker.press('Enter');
  await expect(page.getByTestId('toast')).toContainText('Customer changed');
  await expect(picker).toHaveValue(second.name);
  await expect(picker).toBeFocused();
  expect((await api.get(`/sale-orders/${order.id}`)).customerId).toBe(second.id);
});
