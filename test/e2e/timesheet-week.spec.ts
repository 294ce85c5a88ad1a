// Issue 12 point 3: saved entries read as text until Edit; a change or a delete asks nothing and
// offers Undo (a change puts the previous values back; a delete logs the same time again).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, apiAs, apiOf, shot, signIn, uniqueName } from './helpers.ts';

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

/** A team and an agent of it (as the admin, who also sets up tickets), for the weekly grid. */
async function weekAgent(browser: Browser, baseURL: string | undefined, name: string) {
  const admin = await apiAs(browser, baseURL, ADMIN);
  const team = await admin.post('/teams', { name: uniqueName('Field support'), timesheetsEnabled: true, billingEnabled: false });
  const email = `${uniqueName('week-agent').replace(/\s/g, '-').toLowerCase()}@e2e.test`;
  const agent = await admin.post('/users', { name, email, role: 'agent', password: 'agent-password-1', teamIds: [team.id] });
  return { admin, team, agent, email };
}
const cellOf = (page: Page, ticket: { number: number }, date: string) => page.getByLabel(`#${ticket.number} on ${date}`, { exact: true });

test('the weekly grid', async ({ page, browser, baseURL }) => {
  const { admin, team, agent, email } = await weekAgent(browser, baseURL, 'Wendy Weekly');
  // One ticket assigned to her shows up by itself; the other she adds with the picker.
  const assigned = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Laptop refresh'), assigneeId: agent.id });
  const other = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Wi-Fi survey') });
  await signIn(page, { email, password: 'agent-password-1' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My week' }).click();
  await expect(page.getByRole('heading', { name: 'My week' })).toBeVisible();
  // Back to the week of 23 November 2026, one week at a time from the address.
  await page.goto('/timesheets/week?week=2026-11-30');
  await page.getByRole('button', { name: '← Previous week' }).click();
  await expect(page).toHaveURL(/week=2026-11-23/);
  await expect(page.getByRole('row', { name: new RegExp(`^#${assigned.number} `) })).toBeVisible();
  // The ticket picker searches by number or subject (issue 12 point 2); the chosen ticket becomes
  // a row and the picker is empty again for the next one.
  const addTicket = page.getByLabel('Add a ticket');
  await addTicket.fill(other.subject);
  await page.getByRole('option', { name: `#${other.number} ${other.subject}`, exact: true }).click();
  await expect(page.getByRole('row', { name: new RegExp(`^#${other.number} `) })).toBeVisible();
  await expect(addTicket).toHaveValue('');

  const cell = (ticket: { number: number }, date: string) => cellOf(page, ticket, date);
  await cell(assigned, '2026-11-23').fill('1:30');
  await cell(assigned, '2026-11-24').fill('2.25');
  await cell(other, '2026-11-25').fill('45m');
  await cell(other, '2026-11-27').fill('soon');
  await expect(page.getByText('Invalid duration')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save week' })).toBeDisabled();
  await cell(other, '2026-11-27').fill('1h');
  await expect(page.getByLabel(`Total of #${assigned.number}`)).toHaveText('3:45');
  await expect(page.getByLabel('Total of the week')).toHaveText('5:30');
  await page.getByRole('button', { name: 'Save week' }).click();
  await expect(page.getByTestId('toast')).toContainText('Week saved');
  await expect(page.getByText('No changes')).toBeVisible();
  await shot(page, 'timesheet-week');

  // The entries are on the tickets.
  await page.getByRole('link', { name: `#${other.number}`, exact: true }).click();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await expect(page.getByRole('row', { name: 'Entry of 2026-11-25 by Wendy Weekly' })).toContainText('0:45');
  await expect(page.getByRole('row', { name: 'Entry of 2026-11-27 by Wendy Weekly' })).toContainText('1:00');
  await expect(page.getByLabel('Total logged')).toHaveText('1:45');

  // Reloaded, the week shows what was saved, with its totals.
  await page.goto('/timesheets/week?week=2026-11-23');
  await page.reload();
  await expect(cell(assigned, '2026-11-24')).toHaveValue('2:15');
  await expect(page.getByLabel('Total of 2026-11-23')).toHaveText('1:30');
  await expect(page.getByLabel(`Total of #${other.number}`)).toHaveText('1:45');
  await expect(page.getByLabel('Total of the week')).toHaveText('5:30');
});

test('the weekly grid refuses a lower value under its cell', async ({ page, browser, baseURL }) => {
  const { admin, team, agent, email } = await weekAgent(browser, baseURL, 'Walter Weekly');
  const ticket = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Server room move') });
  for (const minutes of [30, 30]) await admin.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-16', minutes, userId: agent.id });
  await signIn(page, { email, password: 'agent-password-1' });
  await page.goto('/timesheets/week?week=2026-11-16');

  // Two entries in one cell: it may grow, not shrink (R68); nothing of the week is saved.
  await expect(cellOf(page, ticket, '2026-11-16')).toHaveValue('1:00');
  await cellOf(page, ticket, '2026-11-17').fill('2:00');
  await cellOf(page, ticket, '2026-11-16').fill('0:30');
  await page.getByRole('button', { name: 'Save week' }).click();
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('alert')).toContainText('can only grow');
  await expect(cellOf(page, ticket, '2026-11-16')).toHaveAttribute('aria-invalid', 'true');
  expect((await admin.get(`/tickets/${ticket.id}/timesheets`)).items).toHaveLength(2);

  // Enter in a cell saves the week too.
  await cellOf(page, ticket, '2026-11-16').fill('1:15');
  await cellOf(page, ticket, '2026-11-16').press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel(`Total of #${ticket.number}`)).toHaveText('3:15');
  const items: Array<{ date: string; minutes: number }> = (await admin.get(`/tickets/${ticket.id}/timesheets`)).items;
  expect(items.map((e) => [e.date, e.minutes]).sort()).toEqual([['2026-11-16', 15], ['2026-11-16', 30], ['2026-11-16', 30], ['2026-11-17', 120]]);
});
