import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

/** A download started by clicking `link`: its suggested name and its bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const started = page.waitForEvent('download');
  await click();
  const file = await started;
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

const records = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n').slice(0, -1);

test('Export CSV on the timesheets list, the invoices list and the dashboard carries the filters shown', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Export team'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Ünïcode, "Export" customer'), kind: 'company' });
  const product = await api.post('/products', { name: uniqueName('Export hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await api.post(`/sale-orders/${(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Export ticket'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-02-02', minutes: 30, description: 'Billed, first' });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-02-03', minutes: 45, description: 'Billed, second' });
  const invoice = await api.post(`/sale-orders/${order.id}/invoices`, { post: true });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-02-04', minutes: 15, description: '=Not billed yet' });

  // The timesheets list: the team's invoiced time, filtered on screen; the file has the same rows.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Timesheets' }).click();
  await page.getByLabel('Team').selectOption(team.id);
  await page.getByLabel('Status').selectOption('invoiced');
  await expect(page.getByRole('cell', { name: 'Billed, second' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '=Not billed yet' })).toHaveCount(0);
  await shot(page, 'timesheets');
  const time = await download(page, () => page.getByRole('link', { name: 'Export CSV' }).click());
  expect(time.name).toBe('timesheets_all-dates.csv');
  expect([...time.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = records(time.bytes);
  expect(rows[0]).toMatch(/^entry_id,date,agent,team,customer,/);
  expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['2026-02-03', '2026-02-02']);
  expect(rows[1]).toContain(`"${customer.name.replaceAll('"', '""')}"`);

  // The invoices list filtered by customer: the lines of its posted invoice.
  await page.goto(`/invoices?customerId=${customer.id}`);
  await expect(page.getByRole('link', { name: invoice.number })).toBeVisible();
  const lines = await download(page, () => page.getByRole('link', { name: 'Export lines (CSV)' }).click());
  expect(lines.name).toBe('invoice-lines_all-dates.csv');
  expect(records(lines.bytes).slice(1).map((r) => r.split(',')[1])).toEqual([invoice.number]);
  await page.goto('/invoices?state=draft');
  await expect(page.getByRole('link', { name: 'Export lines (CSV)' })).toHaveAttribute('aria-disabled', 'true');

  // The dashboard: the team's time to invoice.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Helpdesk' }).click();
  const unbilled = await download(page, () => page.getByRole('link', { name: `Export the time to invoice of ${team.name} (CSV)` }).click());
  expect(unbilled.name).toBe('unbilled-time_all-dates.csv');
  const unbilledRows = records(unbilled.bytes);
  expect(unbilledRows).toHaveLength(2);
  expect(unbilledRows[1]).toContain(",'=Not billed yet,");
});
