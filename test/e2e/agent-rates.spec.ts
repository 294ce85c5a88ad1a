import { expect, test } from '@playwright/test';
import { apiOf, lineCell, pick, shot, signIn, uniqueName } from './helpers.ts';

// Issue 13, R76: a senior agent's time lands on the senior line. The order has a Standard and a
// Senior line; the ticket is on Standard; mapping the agent to Senior routes the agent's time there.
test('a senior agent mapped to the Senior line logs time on a Standard ticket: the entry and the order\'s Senior delivered show it', async ({ page, browser }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Globex'), kind: 'company' });
  const standardName = uniqueName('Standard hour');
  const seniorName = uniqueName('Senior hour');
  const standard = await api.post('/products', { name: standardName, unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const senior = await api.post('/products', { name: seniorName, unit: 'hour', unitPrice: '140.00', invoicingPolicy: 'timesheets' });
  const order = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: standard.id, quantity: '0' }, { productId: senior.id, quantity: '0' }] });
  await api.post(`/sale-orders/${order.id}/confirm`);
  const subject = uniqueName('VPN drops every hour');
  const ticket = await api.post('/tickets', { teamId: team.id, subject, customerId: customer.id, saleOrderLineId: order.lines[0].id });
  const aoife = { name: uniqueName('Aoife Senior'), email: `${uniqueName('aoife').replace(/\s/g, '-')}@e2e.test`, password: 'aoife-e2e-password' };
  await api.post('/users', { name: aoife.name, email: aoife.email, role: 'agent', password: aoife.password, teamIds: [team.id] });

  // A work type, set up in Settings (R77); no order maps it, so the agent's mapping applies to it.
  const remote = uniqueName('Remote');
  await page.goto('/settings/work-types');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add work type' }) });
  await form.getByLabel('Name').fill(remote);
  await form.getByLabel('Multiplier').fill('1');
  await form.getByRole('button', { name: 'Add work type' }).click();
  await expect(page.getByRole('row', { name: remote })).toContainText('× 1.00');

  // The manager maps the agent to the Senior line on the order page.
  await page.goto(`/sales/${order.id}`);
  const billing = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Billing by agent / work type' }) });
  await expect(billing.getByText('No agent mapped: the ticket\'s line applies.')).toBeVisible();
  const mapAgent = billing.getByRole('form', { name: 'Map an agent' });
  await pick(mapAgent.getByRole('combobox', { name: 'Agent' }), aoife.name);
  await mapAgent.getByLabel('Line').selectOption({ label: seniorName });
  await mapAgent.getByRole('button', { name: 'Map' }).click();
  await expect(billing.getByRole('row', { name: `${aoife.name} bills on ${seniorName}` })).toBeVisible();
  await expect(billing.getByRole('status')).toHaveText('0 entries moved.');

  // The agent logs an hour on the ticket, which is linked to the Standard line.
  const context = await browser.newContext();
  const agentPage = await context.newPage();
  await signIn(agentPage, aoife);
  await agentPage.goto(`/tickets/${ticket.id}`);
  await agentPage.getByRole('tab', { name: 'Timesheets' }).click();
  const newRow = agentPage.getByRole('row', { name: 'New entry' });
  await newRow.getByLabel('Description').fill('Replaced the VPN concentrator config');
  await newRow.getByLabel('Duration').fill('1:00');
  await newRow.getByLabel('Work type').selectOption({ label: remote });
  await newRow.getByRole('button', { name: 'Log time' }).click();
  const entry = agentPage.getByRole('row', { name: new RegExp(`^Entry of .* by ${aoife.name}$`) });
  await expect(entry).toContainText('1:00');
  await expect(entry).toContainText(`${order.number} · ${seniorName}`);
  await expect(entry).not.toContainText('(pinned)');
  await expect(entry).toContainText(remote);
  await context.close();

  // The order's Senior line grew by the hour; the Standard line did not.
  await page.reload();
  await expect(await lineCell(page, seniorName, 'Delivered')).toContainText('1.00');
  await expect(await lineCell(page, standardName, 'Delivered')).toContainText('0.00');
  await billing.scrollIntoViewIfNeeded();
  await shot(page, 'agent-rates');

  // Removing the mapping sends the agent's time back to the ticket's line, in one change.
  await billing.getByRole('button', { name: `Remove the mapping of ${aoife.name}` }).click();
  await expect(billing.getByRole('status')).toHaveText('1 entry moved.');
  await expect(await lineCell(page, standardName, 'Delivered')).toContainText('1.00');
  await expect(await lineCell(page, seniorName, 'Delivered')).toContainText('0.00');

  // The work type is retired: entries keep it, no new entry takes it (and the later journeys' time tables stay as they were).
  await page.goto('/settings/work-types');
  await page.getByRole('button', { name: `Edit ${remote}` }).click();
  await page.getByLabel('Active (new entries may take it)').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: remote })).toContainText('Inactive');
});
