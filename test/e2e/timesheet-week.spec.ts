// Issue 12 point 3: saved entries read as text until Edit; a change or a delete asks nothing and
// offers Undo (a change puts the previous values back; a delete logs the same time again).
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

  const row = page.getByRole('row', { name: /^Entry of / }).filter({ hasText: description });
  await row.getByRole('button', { name: /^Delete the entry/ }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('toast')).toContainText('Entry deleted');
  await shot(page, 'timesheet-undo');
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();

  await expect(row).toHaveCount(1);
  const items: Array<{ date: string; minutes: number; description: string; billable: boolean }> = (await api.get(`/tickets/${ticket.id}/timesheets`)).items;
  expect(items.map((e) => [e.date, e.minutes, e.description, e.billable])).toEqual([['2026-11-30', 75, description, false]]);
});

test('undo a timesheet edit', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: false });
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('Undo edit') });
  const description = uniqueName('Printer driver rollout');
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-30', minutes: 75, description, billable: false });
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('tab', { name: 'Timesheets' }).click();

  // Read mode: text, no inputs, until Edit.
  const row = page.getByRole('row', { name: /^Entry of / }).filter({ hasText: description });
  await expect(row).toContainText('1:15');
  await expect(row.getByRole('textbox')).toHaveCount(0);
  await row.getByRole('button', { name: /^Edit the entry/ }).click();
  const editing = page.getByRole('row', { name: /^Editing the entry/ });
  await editing.getByLabel(/^Duration/).fill('2:00');
  await editing.getByLabel(/^Description/).fill(`${description} (all floors)`);
  await editing.getByRole('button', { name: 'Save' }).click();
  await expect(editing).toHaveCount(0);
  await expect(row).toContainText('2:00');
  await expect(page.getByTestId('toast')).toContainText('Entry updated');

  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  await expect(row).toContainText('1:15');
  await expect(row).not.toContainText('(all floors)');
  const items: Array<{ minutes: number; description: string }> = (await api.get(`/tickets/${ticket.id}/timesheets`)).items;
  expect(items.map((e) => [e.minutes, e.description])).toEqual([[75, description]]);
});
