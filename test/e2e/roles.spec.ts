import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiAs, optionsOf, pick, postDraft, shot, signIn, uniqueName } from './helpers.ts';

// One journey per staff role (issue 4): each role signs in and sees only what it may use, on a
// fresh embedded database. The admin creates the users and the data a journey is not about.

type Api = Awaited<ReturnType<typeof apiAs>>;
type Role = 'manager' | 'agent' | 'accountant';

const today = () => new Date().toISOString().slice(0, 10);

/** A staff user with a password, created by the admin. */
async function createUser(admin: Api, role: Role, name: string, teamIds: string[] = []) {
  const email = `${uniqueName(role).replace(/\s/g, '-').toLowerCase()}@e2e.test`;
  const password = `${role}-password-1`;
  const user = await admin.post('/users', { name, email, role, password, teamIds });
  return { id: user.id as string, name, email, password };
}

/** A customer with a confirmed order of one hourly line (90.00), as the admin. */
async function sellSupport(admin: Api, name: string) {
  const customer = await admin.post('/customers', { name, kind: 'company' });
  const product = await admin.post('/products', { name: `Support hour for ${name}`, unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const quotation = await admin.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
  const order = await admin.post(`/sale-orders/${quotation.id}/confirm`);
  return { customer, product, order, line: order.lines[0] };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const go = (page: Page, section: string) => nav(page).getByRole('link', { name: section, exact: true }).click();
const timesheetCell = (page: Page, cell: string, date: string, agent: string) => page.getByLabel(`${cell} of the entry of ${date} by ${agent}`);
/** Opens a saved entry for editing (entries are read as text until Edit). */
const editEntry = (page: Page, date: string, agent: string) => page.getByRole('button', { name: `Edit the entry of ${date} by ${agent}` }).click();

async function openHistory(page: Page) {
  await page.locator('summary', { hasText: 'History' }).click();
  return page.getByRole('list', { name: 'History' });
}

test('manager: sets up a team, a customer, a product and an order, links a ticket, fixes an agent’s time and reads the history', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const api = await apiAs(browser, baseURL, ADMIN);
  const manager = await createUser(api, 'manager', 'Morgan Manager');
  const agent = await createUser(api, 'agent', 'Alex Agent');
  await signIn(page, manager);
  for (const section of ['Helpdesk', 'Tickets', 'Sales', 'Invoices', 'Products', 'Customers', 'Settings']) await expect(nav(page).getByRole('link', { name: section, exact: true })).toBeVisible();

  // A team, and the agent made a member of it in its Members section.
  await page.getByRole('link', { name: 'New team' }).click();
  const teamName = 'Managed Services';
  await page.getByLabel('Name').fill(teamName);
  await page.getByLabel('Timesheets on tickets').check();
  await page.getByLabel('Time billing').check();
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Team created.')).toBeVisible();
  const members = page.getByRole('list', { name: 'Members' });
  await expect(members).toHaveCount(0);
  await pick(page.getByLabel('Add a member'), agent.name);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${agent.name} added.` })).toBeVisible();
  await expect(members.getByRole('listitem')).toHaveCount(1);
  await expect(members.getByRole('listitem')).toContainText(`${agent.name}Agent`);
  // A member is no longer offered.
  const adding = page.getByLabel('Add a member');
  await adding.fill(agent.name);
  await expect(page.getByText('No matches')).toBeVisible();
  await adding.press('Escape');
  await adding.press('Escape');
  await expect(adding).toHaveValue('');
  await shot(page, 'team-members');

  // A customer, a product, a quotation confirmed into an order.
  const customerName = 'Contoso Pharma';
  await go(page, 'Customers');
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name').fill(customerName);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: customerName })).toBeVisible();
  const productName = 'Managed service hour';
  await go(page, 'Products');
  await page.getByRole('link', { name: 'New product' }).click();
  await page.getByLabel('Product name').fill(productName);
  await page.getByLabel(/^Unit price/).fill('95.00');
  await page.getByLabel('Invoicing policy').selectOption({ label: 'Based on timesheets' });
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { name: productName })).toBeVisible();
  await go(page, 'Sales');
  await page.getByRole('link', { name: 'New quotation' }).click();
  await pick(page.getByLabel('Customer'), customerName);
  await page.getByRole('button', { name: 'Create quotation' }).click();
  const heading = page.getByRole('heading', { name: /Quotation S\d{5}/ });
  const orderNumber = (await heading.textContent())!.match(/S\d{5}/)![0];
  await pick(page.getByRole('form', { name: 'Add a line' }).getByLabel('Product'), productName);
  await page.getByRole('button', { name: 'Add line' }).click();
  await expect(page.getByRole('row').filter({ hasText: productName })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: `Sales order ${orderNumber}` })).toBeVisible();
  const orderUrl = page.url();

  // A ticket of the team, linked to the order's line (the price shows for a manager).
  await go(page, 'Tickets');
  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByLabel('Team').selectOption({ label: teamName });
  await page.getByLabel('Subject').fill('Mailbox quota exceeded');
  await pick(page.getByLabel('Customer'), customerName);
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { name: /Mailbox quota exceeded/ })).toBeVisible();
  const ticketId = page.url().split('/').pop()!.split('?')[0]!;
  const option = (await optionsOf(page.getByRole('combobox', { name: 'Sales Order Item', exact: true }))).filter({ hasText: orderNumber });
  await expect(option).toContainText('95.00');
  await option.click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('link', { name: `Sales Order ${orderNumber}` })).toBeVisible();

  // The agent, a member of the team, sees its ticket and logs 1:30; the manager corrects it to 1:00 in the grid.
  const agentApi = await apiAs(browser, baseURL, agent);
  expect((await agentApi.get(`/tickets/${ticketId}`)).id).toBe(ticketId);
  await agentApi.post(`/tickets/${ticketId}/timesheets`, { date: today(), minutes: 90, description: 'Cleaned up the mailbox' });
  await page.reload();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await expect(page.getByRole('row', { name: `Entry of ${today()} by ${agent.name}` })).toContainText('1:30');
  await editEntry(page, today(), agent.name);
  const duration = timesheetCell(page, 'Duration', today(), agent.name);
  await expect(duration).toHaveValue('1:30');
  await duration.fill('1:00');
  await duration.press('Enter');
  await expect(page.getByLabel('Total logged')).toHaveText('1:00');

  // History: who changed what, newest first.
  const history = await openHistory(page);
  const fix = history.getByRole('listitem').filter({ hasText: `${manager.name} changed the time entry of ${today()} by ${agent.name}` }).first();
  await expect(fix).toContainText('Duration: 1:30 → 1:00');
  await expect(history).toContainText(`${agent.name} created the time entry`);
  await expect(history.getByRole('listitem').filter({ hasText: `${manager.name} changed ticket #` }).first()).toContainText(`Sales Order Item: — → ${orderNumber}`);
  await expect(history.getByRole('listitem').first()).toContainText(`${manager.name} changed the time entry`);
  await history.evaluate((list) => list.scrollIntoView({ block: 'end' }));
  await shot(page, 'role-manager');

  // The order's history: created and confirmed by the manager.
  await page.goto(orderUrl);
  const orderHistory = await openHistory(page);
  await expect(orderHistory).toContainText(`${manager.name} confirmed ${orderNumber}`);
  await expect(orderHistory).toContainText(`${manager.name} created the line ${productName}`);

  // An invoice of the order (an accountant's work, here the admin's): the manager reads it, with its
  // PDF and history, but neither posts nor deletes it.
  const draft = await api.post(`/sale-orders/${orderUrl.split('/').pop()}/invoices`);
  await page.goto(`/invoices/${draft.id}`);
  await expect(page.getByRole('heading', { name: /Draft invoice/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download PDF' })).toBeVisible();
  for (const action of ['Post', 'Delete draft', /^Remove line/]) await expect(page.getByRole('button', { name: action })).toHaveCount(0);
  await expect(page.getByText('an accountant posts it')).toBeVisible();
  await expect(await openHistory(page)).toContainText('Administrator created Draft invoice');
});

test('agent: only their team’s tickets, the order line without its price, their own time only', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const api = await apiAs(browser, baseURL, ADMIN);
  const ours = await api.post('/teams', { name: 'Field Support', timesheetsEnabled: true, billingEnabled: true });
  const theirs = await api.post('/teams', { name: 'Executive Desk', timesheetsEnabled: true });
  const { customer, order } = await sellSupport(api, 'Fabrikam Retail');
  const agent = await createUser(api, 'agent', 'Ada Agent', [ours.id]);
  const colleague = await createUser(api, 'agent', 'Colin Colleague', [ours.id]);
  const ticket = await api.post('/tickets', { teamId: ours.id, subject: 'Printer jams in the back office', customerId: customer.id });
  const foreign = await api.post('/tickets', { teamId: theirs.id, subject: 'Board laptop replacement' });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: today(), minutes: 45, description: 'Colleague checked the tray', userId: colleague.id });

  await signIn(page, agent);
  for (const section of ['Sales', 'Invoices', 'Products', 'Settings']) await expect(nav(page).getByRole('link', { name: section, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New team' })).toHaveCount(0);

  // Only the tickets of their team; another team's ticket is not found, like a missing one.
  await go(page, 'Tickets');
  await expect(page.getByRole('link', { name: ticket.subject })).toBeVisible();
  await expect(page.getByText(foreign.subject)).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Sales order' })).toHaveCount(0);
  await page.goto(`/tickets/${foreign.id}`);
  await expect(page.getByText('This ticket was not found')).toBeVisible();
  await page.goto('/sales');
  await expect(page.getByText('You do not have access to this page.')).toBeVisible();
  // A new ticket goes to one of their teams (their only one, chosen already).
  await page.goto('/tickets/new');
  await expect(page.getByLabel('Team')).toHaveValue(ours.id);
  await expect(page.getByLabel('Team').locator('option', { hasText: theirs.name })).toHaveCount(0);

  // Link the ticket to the order's line: offered without its price; no link to the order.
  await page.goto(`/tickets/${ticket.id}`);
  const option = (await optionsOf(page.getByRole('combobox', { name: 'Sales Order Item', exact: true }))).filter({ hasText: order.number });
  await expect(option).not.toContainText('90.00');
  await option.click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('All changes saved')).toBeVisible();
  await expect(page.getByRole('link', { name: /Sales Order/ })).toHaveCount(0);

  // Their own time: logged without an agent picker, then edited. The colleague's entry is read-only.
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  const colleagueRow = page.getByRole('row', { name: `Entry of ${today()} by ${colleague.name}` });
  await expect(colleagueRow).toContainText('0:45');
  await expect(colleagueRow.getByText('To invoice')).toBeVisible(); // it followed the ticket to the line
  await expect(colleagueRow.getByRole('textbox')).toHaveCount(0);
  await expect(colleagueRow.getByRole('button')).toHaveCount(0);
  const newRow = page.getByRole('row', { name: 'New entry' });
  await expect(newRow.getByLabel('Agent')).toHaveCount(0);
  await expect(newRow).toContainText(agent.name);
  await newRow.getByLabel('Description').fill('Replaced the pickup roller');
  await newRow.getByLabel('Duration').fill('0:45');
  await newRow.getByLabel('Duration').press('Enter');
  await expect(page.getByRole('row', { name: `Entry of ${today()} by ${agent.name}` })).toContainText('0:45');
  await editEntry(page, today(), agent.name);
  const mine = timesheetCell(page, 'Duration', today(), agent.name);
  await expect(mine).toHaveValue('0:45');
  await mine.fill('1:15');
  await mine.press('Enter');
  await expect(page.getByLabel('Total logged')).toHaveText('2:00');
  await expect(page.getByRole('row', { name: /^Entry of / }).filter({ hasText: 'Replaced the pickup roller' }).getByText('To invoice')).toBeVisible();
  await expect(page.locator('summary', { hasText: 'History' })).toHaveCount(0);
  await shot(page, 'role-agent');
});

test('accountant: invoices an order, posts, downloads and reverses; reads tickets and time without changing them', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const api = await apiAs(browser, baseURL, ADMIN);
  const team = await api.post('/teams', { name: 'Infrastructure', timesheetsEnabled: true, billingEnabled: true });
  const { customer, order, line } = await sellSupport(api, 'Tailspin Travel');
  const ticket = await api.post('/tickets', { teamId: team.id, subject: 'Restore last night’s backup', customerId: customer.id, saleOrderLineId: line.id });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: today(), minutes: 120, description: 'Restored the file server' });
  const accountant = await createUser(api, 'accountant', 'Abby Accountant');

  await signIn(page, accountant);
  for (const section of ['Tickets', 'Sales', 'Invoices']) await expect(nav(page).getByRole('link', { name: section, exact: true })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Settings' })).toHaveCount(0);

  // Tickets and time, read only.
  await go(page, 'Tickets');
  await expect(page.getByRole('link', { name: ticket.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New ticket' })).toHaveCount(0);
  await page.getByRole('link', { name: ticket.subject }).click();
  await expect(page.getByLabel('Subject')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Solve', exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Reply')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('row', { name: /Entry of .* by / })).toContainText('2:00');
  await expect(panel.getByRole('textbox')).toHaveCount(0);
  await expect(panel.getByRole('row', { name: 'New entry' })).toHaveCount(0);

  // The order: no selling actions, but Create invoice.
  await go(page, 'Sales');
  await page.getByRole('link', { name: order.number }).click();
  await expect(page.getByRole('heading', { name: `Sales order ${order.number}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Add a line' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await page.getByRole('button', { name: 'Create draft invoice' }).click();
  await expect(page.getByRole('heading', { name: /Draft invoice/ }).first()).toBeVisible();
  await postDraft(page);
  await expect(page.getByRole('heading', { name: /Invoice INV\/\d{4}\/\d{5}/ }).first()).toBeVisible();
  await expect(page.getByText('180.00 EUR').first()).toBeVisible();
  const pdf = await page.request.get((await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.locator('summary', { hasText: 'History' })).toHaveCount(0);
  await shot(page, 'role-accountant');
  await page.getByRole('button', { name: 'Reverse' }).click();
  await expect(page.getByRole('heading', { name: /Draft credit note/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Post' })).toBeVisible();
});
