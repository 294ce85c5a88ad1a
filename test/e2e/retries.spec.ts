// Issue 10: the web app sends an Idempotency-Key with each POST (decision 0022), so a dropped
// answer retried, or a double click, never logs the time twice.
import { expect, test, type Page, type Request } from '@playwright/test';
import { apiOf, signIn, uniqueName } from './helpers.ts';

/** A ticket of a billing team on a confirmed order's line, opened on its Timesheets tab. */
async function ticketWithTimesheets(page: Page) {
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const customer = await api.post('/customers', { name: uniqueName('Retry customer'), kind: 'company' });
  const draft = await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] });
  const order = await api.post(`/sale-orders/${draft.id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Printer offline'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  const entries = async (): Promise<Array<{ description: string }>> => (await api.get(`/tickets/${ticket.id}/timesheets`)).items;
  return { ticket, entries };
}

const isLog = (request: Request) => request.method() === 'POST' && /\/api\/v1\/tickets\/[^/]+\/timesheets$/.test(request.url());
const entryRow = (page: Page, description: string) => page.getByRole('row', { name: /^Entry of / }).filter({ hasText: description });

test('an answer lost on the way back is retried with the same key: the time is logged once', async ({ page }, testInfo) => {
  await signIn(page);
  const { entries } = await ticketWithTimesheets(page);
  const keys: string[] = [];
  const replayed: string[] = [];
  // The first POST reaches the server and is done there; its answer is then dropped, as by a
  // proxy that timed out or an instance that died after its commit.
  await page.route('**/api/v1/tickets/*/timesheets', async (route) => {
    if (!isLog(route.request())) return route.continue();
    keys.push((await route.request().headerValue('idempotency-key')) ?? '');
    const response = await route.fetch();
    if (keys.length === 1) return route.abort('connectionreset');
    replayed.push(response.headers()['idempotent-replayed'] ?? '');
    return route.fulfill({ response });
  });

  const row = page.getByRole('row', { name: 'New entry' });
  await row.getByLabel('Description').fill('Replaced the fuser');
  await row.getByLabel('Duration').fill('0:45');
  await row.getByRole('button', { name: 'Log time' }).click();

  await expect.poll(() => replayed.length, 'the retry got its answer').toBe(1);
  await expect(row.getByRole('button', { name: 'Log time' })).toBeEnabled();
  await expect(entryRow(page, 'Replaced the fuser')).toHaveCount(1);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(keys[1]).toBe(keys[0]);
  expect(replayed).toEqual(['true']);
  expect((await entries()).filter((e) => e.description === 'Replaced the fuser')).toHaveLength(1);
  await page.screenshot({ path: testInfo.outputPath('retried-entry.png') });
});

test('a double click on Log time logs the time once', async ({ page }) => {
  await signIn(page);
  const { entries } = await ticketWithTimesheets(page);
  const sent: string[] = [];
  page.on('request', (request) => {
    if (isLog(request)) sent.push(request.headers()['idempotency-key'] ?? '');
  });
  const row = page.getByRole('row', { name: 'New entry' });
  await row.getByLabel('Description').fill('Cleared the print queue');
  await row.getByLabel('Duration').fill('0:15');
  await row.getByRole('button', { name: 'Log time' }).dblclick();

  await expect(entryRow(page, 'Cleared the print queue')).toHaveCount(1);
  expect(new Set(sent).size, 'every request sent carries the one key of this entry').toBe(1);
  expect((await entries()).filter((e) => e.description === 'Cleared the print queue')).toHaveLength(1);
});
