// Issue 12 point 3: deleting an entry asks nothing and offers Undo, which logs the same time again.
import { expect, test } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

test('undo a timesheet delete', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: false });
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Undo delete') });
  const description = uniqueName('Mailbox migration');
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-30', minutes: 75, description, billable: false });
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('tab', { name: 'Timesheets' }).click();

  const row = page.getByRole('row').filter({ has: page.locator(`input[value="${description}"]`) });
  await row.getByRole('button', { name: /^Delete the entry/ }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('toast')).toContainText('Entry deleted');
  await shot(page, 'timesheet-undo');
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();

  await expect(row).toHaveCount(1);
  const items: Array<{ date: string; minutes: number; description: string; billable: boolean }> = (await api.get(`/tickets/${ticket.id}/timesheets`)).items;
  expect(items.map((e) => [e.date, e.minutes, e.description, e.billable])).toEqual([['2026-11-30', 75, description, false]]);
});
