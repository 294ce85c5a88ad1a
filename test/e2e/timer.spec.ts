// Issue 13, R79: a timer started on a ticket lives on the server: the page reloads and it is still
// there, still counting; stopped, it proposes an entry (its time rounded up to the minute, at least
// 1), which the agent confirms, and the entry is on the ticket. The journey does not wait real
// minutes: a timer stopped within the minute proposes the 1-minute minimum.
import { expect, test } from '@playwright/test';
import { ADMIN, apiAs, shot, signIn, uniqueName } from './helpers.ts';

test('a timer started, reloaded, stopped and confirmed', async ({ page, browser, baseURL }) => {
  const admin = await apiAs(browser, baseURL, ADMIN);
  const team = await admin.post('/teams', { name: uniqueName('Onsite support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await admin.post('/customers', { name: uniqueName('Harbour Dental'), kind: 'company' });
  const product = await admin.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', taxRate: '21', invoicingPolicy: 'timesheets' });
  const draft = await admin.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id, description: 'Support hours' }] });
  const order = await admin.post(`/sale-orders/${draft.id}/confirm`);
  const ticket = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Reception printer jams'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  const email = `${uniqueName('timer-agent').replace(/\s/g, '-').toLowerCase()}@e2e.test`;
  await admin.post('/users', { name: 'Tess Timer', email, role: 'agent', password: 'agent-password-1', teamIds: [team.id] });
  await signIn(page, { email, password: 'agent-password-1' });

  // No timer yet: the header shows none.
  const widget = page.getByRole('group', { name: 'Timer' });
  await expect(widget).toHaveCount(0);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'Start timer' }).click();
  await expect(widget).toContainText(`#${ticket.number}`);
  const clock = widget.getByRole('timer');
  await expect(clock).toHaveAccessibleName('Timer running');
  const seconds = async () => {
    const [h, m, s] = (await clock.innerText()).split(':').map(Number);
    return h! * 3600 + m! * 60 + s!;
  };
  await expect.poll(seconds).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('button', { name: 'Timer on' })).toBeDisabled();

  // A reload (or another page) finds the timer where it was, still counting.
  const before = await seconds();
  await page.reload();
  await expect(widget).toContainText(`#${ticket.number}`);
  expect(await seconds()).toBeGreaterThanOrEqual(before);
  await expect.poll(seconds).toBeGreaterThan(before);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await widget.getByRole('link', { name: new RegExp(`#${ticket.number}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));

  // Pause stops the clock; resume goes on.
  await widget.getByRole('button', { name: 'Pause' }).click();
  await expect(clock).toHaveAccessibleName('Timer paused');
  await widget.getByRole('button', { name: 'Resume' }).click();
  await expect(clock).toHaveAccessibleName('Timer running');

  // Stop: the draft opens, 1 minute (the minimum) on today's date, to confirm as the time form takes it.
  await widget.getByRole('button', { name: 'Stop' }).click();
  const dialog = page.getByRole('dialog', { name: `Time on #${ticket.number}` });
  await expect(dialog.getByLabel('Duration')).toHaveValue('0:01');
  await expect(dialog.getByRole('switch', { name: 'Billable' })).toBeChecked();
  await dialog.getByLabel('Description').fill('Cleared the paper path, replaced the pickup roller');
  await shot(page, 'timer');
  await dialog.getByRole('button', { name: 'Log time' }).click();
  await expect(dialog).toBeHidden();
  await expect(widget).toHaveCount(0);

  // The entry is on the ticket.
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  const row = page.getByRole('row', { name: /^Entry of / }).filter({ hasText: 'Cleared the paper path' });
  await expect(row).toContainText('0:01');
  await expect(row).toContainText('Tess Timer');
  await expect(page.getByRole('button', { name: 'Start timer' })).toBeEnabled();
});

// R81: who is on a ticket. An agent's timer runs on a ticket; a manager opening the ticket is told
// who else is on it, and the Helpdesk overview lists the timers running now. Only the agent acts on it.
test('a manager sees who has a timer on a ticket, and the timers running now', async ({ page, browser, baseURL }) => {
  const admin = await apiAs(browser, baseURL, ADMIN);
  const team = await admin.post('/teams', { name: uniqueName('Field support'), timesheetsEnabled: true, billingEnabled: false });
  const subject = uniqueName('Badge reader offline');
  const ticket = await admin.post('/tickets', { teamId: team.id, subject });
  const agentName = uniqueName('Rui Timer');
  const email = `${uniqueName('rui').replace(/\s/g, '-').toLowerCase()}@e2e.test`;
  await admin.post('/users', { name: agentName, email, role: 'agent', password: 'agent-password-2', teamIds: [team.id] });
  const agent = await apiAs(browser, baseURL, { email, password: 'agent-password-2' });
  await agent.post(`/tickets/${ticket.id}/timer`);

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const others = page.getByRole('status', { name: 'Others on this ticket' });
  await expect(others).toContainText(`Also on this ticket: ${agentName} (timer running 0:00:`);
  await expect(page.getByRole('button', { name: 'Start timer' })).toBeEnabled();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Helpdesk' }).click();
  const now = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Timers now' }) });
  const row = now.getByRole('row', { name: new RegExp(agentName) });
  await expect(row).toContainText(`#${ticket.number} ${subject}`);
  await expect(row).toContainText('running');
  await row.scrollIntoViewIfNeeded();
  await shot(page, 'timers-now');

  // The agent pauses: the manager's next read says so; discarded, the ticket no longer names them.
  await agent.post('/timers/current/pause');
  await page.reload();
  await expect(now.getByRole('row', { name: new RegExp(agentName) })).toContainText('paused');
  await agent.del('/timers/current');
  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(others).toHaveCount(0);
});
