import { expect, test, type Page } from '@playwright/test';
import { apiOf, optionsOf, pick, signIn, uniqueName } from './helpers.ts';

type Api = Awaited<ReturnType<typeof apiOf>>;

/** A billing team, a product billed on timesheets, and a way to give a customer a confirmed order. */
async function billingSetup(api: Api) {
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const customerWithOrder = async (prefix: string) => {
    const customer = await api.post('/customers', { name: uniqueName(prefix), kind: 'company' });
    const draft = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
    const order = await api.post(`/sale-orders/${draft.id}/confirm`);
    return { customer, order, line: order.lines[0] };
  };
  return { team, product, customerWithOrder };
}

const saleOrderItem = (page: Page) => page.getByRole('combobox', { name: 'Sales Order Item', exact: true });

test('the Sales Order Item offers only lines of the ticket\'s customer', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const { team, customerWithOrder } = await billingSetup(api);
  const a = await customerWithOrder('Customer A');
  const b = await customerWithOrder('Customer B');
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Printer offline'), customerId: a.customer.id });

  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByRole('heading', { name: ticket.subject })).toBeVisible();
  let offered = await optionsOf(saleOrderItem(page));
  await expect(offered.filter({ hasText: a.order.number })).toHaveCount(1);
  await expect(offered.filter({ hasText: b.order.number })).toHaveCount(0);
  await expect(offered.filter({ hasText: a.order.number })).toContainText('90.00 · delivered 0:00');

  // Another customer in the form: the options are the new customer's, before anything is saved.
  await pick(page.getByRole('combobox', { name: 'Customer', exact: true }), b.customer.name);
  offered = await optionsOf(saleOrderItem(page));
  await expect(offered.filter({ hasText: b.order.number })).toHaveCount(1);
  await expect(offered.filter({ hasText: a.order.number })).toHaveCount(0);
  await offered.filter({ hasText: b.order.number }).click();
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page.getByRole('link', { name: `Sales Order ${b.order.number}` })).toHaveAttribute('href', `/sales/${b.order.id}`);
  await expect(page.getByText('All changes saved')).toBeVisible();
  const saved = await api.get(`/tickets/${ticket.id}`);
  expect(saved).toMatchObject({ customerId: b.customer.id, saleOrderLineId: b.line.id, saleOrderId: b.order.id });
});

test('a refused edit of invoiced time', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const { team, customerWithOrder } = await billingSetup(api);
  const { customer, order, line } = await customerWithOrder('Invoiced customer');
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Mail server down'), customerId: customer.id, saleOrderLineId: line.id });
  const today = new Date().toISOString().slice(0, 10);
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: today, minutes: 90, description: 'Restarted the mail queue' });
  const draft = await api.post(`/sale-orders/${order.id}/invoices`, {});
  const invoice = await api.post(`/invoices/${draft.id}/post`, {});
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: today, minutes: 30, description: 'Follow-up call' });

  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  const invoiced = page.getByRole('row').filter({ hasText: 'Invoiced' }).filter({ has: page.getByRole('link', { name: invoice.number }) });
  await expect(invoiced).toHaveCount(1);
  await expect(invoiced.getByRole('link', { name: invoice.number })).toHaveAttribute('href', `/invoices/${invoice.id}`);
  // Saved entries read as text; nothing is open until Edit.
  await expect(invoiced).toContainText('1:30');
  await expect(invoiced.getByRole('textbox')).toHaveCount(0);
  await expect(invoiced.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  // R15: the UI offers no path to change invoiced minutes; it says why.
  await expect(invoiced.getByText(`On ${invoice.number}: credit it to change it`)).toBeVisible();

  // Edit opens the description only (Enter on the focused row opens it too), and Enter saves it.
  await invoiced.focus();
  await invoiced.press('Enter');
  const editing = page.getByRole('row', { name: /^Editing the entry/ });
  await expect(editing.getByLabel(/^Duration/)).toHaveCount(0);
  await expect(editing.getByLabel(/^Date/)).toHaveCount(0);
  const description = editing.getByLabel(/^Description/);
  await expect(description).toBeFocused();
  await description.fill('Restarted the mail queue and cleared the backlog');
  const saving = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/timesheets/'));
  await description.press('Enter');
  expect((await saving).status()).toBe(200);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(editing).toHaveCount(0);
  await expect(page.getByTestId('toast')).toContainText('Entry updated');

  // The entry not yet invoiced opens fully; Escape closes it unchanged. The totals split logged and invoiced time.
  const open = page.getByRole('row', { name: /^Entry of / }).filter({ hasText: 'To invoice' });
  await open.getByRole('button', { name: /^Edit/ }).click();
  await expect(editing.getByLabel(/^Duration/)).toBeEditable();
  await editing.getByLabel(/^Duration/).fill('3:00');
  await editing.getByLabel(/^Duration/).press('Escape');
  await expect(editing).toHaveCount(0);
  await expect(open).toContainText('0:30');
  await expect(page.getByLabel('Total logged')).toHaveText('2:00');

  // A select changes nothing until Save: one PATCH, pinning the entry to the line.
  await page.getByLabel('Show the Sales Order Item column').check();
  const patches: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().includes('/api/v1/timesheets/')) patches.push(r.url());
  });
  await open.dblclick();
  const item = editing.getByLabel(/^Sales Order Item/);
  await item.selectOption(line.id);
  await expect(item).toHaveValue(line.id);
  expect(patches).toHaveLength(0);
  const pinned = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/timesheets/'));
  await editing.getByRole('button', { name: 'Save' }).click();
  expect((await pinned).status()).toBe(200);
  expect(patches).toHaveLength(1);
  await expect(open).toContainText('(pinned)');

  await page.reload();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await expect(invoiced).toContainText('Restarted the mail queue and cleared the backlog');
});

test('tickets list filters in the URL, and the kanban moves a ticket', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const { team, customerWithOrder } = await billingSetup(api);
  const { customer, line } = await customerWithOrder('Board customer');
  const subjects = ['VPN disconnects every hour', 'New starter: laptop and accounts', 'Backup job failed'];
  for (const [i, subject] of subjects.entries()) {
    await api.post('/tickets', { teamId: team.id, subject, customerId: customer.id, priority: i === 2 ? 'urgent' : 'normal', ...(i < 2 ? { saleOrderLineId: line.id } : {}) });
  }
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Firewall upgrade'), customerId: customer.id });

  await page.goto(`/tickets?teamId=${team.id}`);
  await expect(page.getByRole('combobox', { name: 'Team' })).toHaveValue(team.id);
  await expect(page.getByRole('link', { name: ticket.subject })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill(`#${ticket.number}`);
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await expect(page).toHaveURL(/q=%23/);
  await expect(page.getByRole('link', { name: 'VPN disconnects every hour' })).toHaveCount(0);
  await page.goBack();
  await expect(page.getByRole('link', { name: 'VPN disconnects every hour' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).blur();

  await page.getByRole('button', { name: 'Kanban' }).click();
  await expect(page).toHaveURL(/view=kanban/);
  const inProgress = page.getByRole('region', { name: 'Stage In progress' });
  const stageNew = page.getByRole('region', { name: 'Stage New' });
  await expect(inProgress.getByRole('link', { name: ticket.subject })).toHaveCount(0);
  const moves: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().includes('/api/v1/tickets/')) moves.push(r.url());
  });

  // Arrow keys only browse the stages: the card moves on the explicit Move (button or Enter).
  const moveTo = page.getByRole('combobox', { name: `Move #${ticket.number} to` });
  await moveTo.focus();
  await moveTo.press('ArrowDown');
  const stages: Array<{ id: string; name: string }> = (await api.get(`/teams/${team.id}/stages`)).items;
  await expect(moveTo).toHaveValue(stages.find((s) => s.name === 'In progress')!.id);
  await expect(moveTo).toBeFocused();
  await expect(stageNew.getByRole('link', { name: new RegExp(ticket.subject) })).toBeVisible();
  const moved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/api/v1/tickets/${ticket.id}`));
  await page.getByRole('button', { name: `Move #${ticket.number}`, exact: true }).click();
  expect((await moved).status()).toBe(200);
  expect(moves).toHaveLength(1); // the ArrowDown sent nothing
  const card = inProgress.getByRole('link', { name: new RegExp(ticket.subject) });
  await expect(card).toBeVisible();
  await expect(card).toBeFocused(); // focus follows the card to its new column
  await expect(stageNew.getByRole('link', { name: new RegExp(ticket.subject) })).toHaveCount(0);
});

test('an order\'s Tickets smart button lists exactly that order\'s tickets, closed ones too', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const { team, customerWithOrder } = await billingSetup(api);
  const { customer, order, line } = await customerWithOrder('Order customer');
  const other = await customerWithOrder('Other customer');
  const stages: Array<{ id: string; name: string; closed: boolean }> = (await api.get(`/teams/${team.id}/stages`)).items;
  const create = (subject: string, body: Record<string, unknown>) => api.post('/tickets', { teamId: team.id, subject: uniqueName(subject), ...body });
  const open = await create('Order ticket open', { customerId: customer.id, saleOrderLineId: line.id });
  const closed = await create('Order ticket solved', { customerId: customer.id, saleOrderLineId: line.id });
  await api.patch(`/tickets/${closed.id}`, { stageId: stages.find((s) => s.closed)!.id });
  const unlinked = await create('Same customer, no order', { customerId: customer.id });
  const otherOrder = await create('Another order', { customerId: other.customer.id, saleOrderLineId: other.line.id });

  await page.goto(`/sales/${order.id}`);
  const smart = page.getByRole('navigation', { name: 'Related' }).getByRole('link', { name: /Tickets/ });
  const href = await smart.getAttribute('href');
  expect(href).toContain(`saleOrderId=${order.id}`);
  await page.goto(`/tickets?saleOrderId=${order.id}`);
  await expect(page.getByRole('button', { name: `Remove the filter Sales order ${order.number}` })).toBeVisible();
  await expect(page.getByRole('link', { name: open.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: closed.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: unlinked.subject })).toHaveCount(0);
  await expect(page.getByRole('link', { name: otherOrder.subject })).toHaveCount(0);
  await expect(page.getByText('2 tickets shown')).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('all');

  // The smart button itself leads to the same list.
  await page.goto(`/sales/${order.id}`);
  await smart.click();
  await expect(page.getByRole('link', { name: closed.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: unlinked.subject })).toHaveCount(0);

  // Removing the chip shows every open ticket again.
  await page.getByRole('button', { name: `Remove the filter Sales order ${order.number}` }).click();
  await expect(page).not.toHaveURL(/saleOrderId/);
  await expect(page.getByRole('link', { name: unlinked.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: otherOrder.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: closed.subject })).toHaveCount(0);
});
