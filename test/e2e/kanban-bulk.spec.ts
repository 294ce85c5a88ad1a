import { expect, test } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

test('the board with no team shows every team\'s tickets by stage name; the list assigns and moves a selection at once', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  const care = await api.post('/teams', { name: uniqueName('Customer Care'), timesheetsEnabled: true });
  const infra = await api.post('/teams', { name: uniqueName('Infrastructure'), timesheetsEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Hooli'), kind: 'company' });
  const tag = uniqueName('board').split(' ')[1]!;
  const open = async (teamId: string, subject: string) => api.post('/tickets', { teamId, subject: `${subject} ${tag}`, customerId: customer.id });
  const printer = await open(care.id, 'Printer jams');
  const vpn = await open(care.id, 'VPN drops');
  const disk = await open(infra.id, 'Disk almost full');
  const backup = await open(infra.id, 'Backup failed');

  // No team chosen: one New column with the tickets of both teams.
  await page.goto(`/tickets?view=kanban&q=${tag}`);
  const stageNew = page.getByRole('region', { name: 'Stage New' });
  for (const t of [printer, vpn, disk, backup]) await expect(stageNew.getByRole('link', { name: t.subject })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Stage In progress' })).toHaveCount(1);
  // Moving an Infrastructure card to In progress picks its own team's stage.
  const stages: Array<{ id: string; name: string }> = (await api.get(`/teams/${infra.id}/stages`)).items;
  await page.getByRole('combobox', { name: `Move #${disk.number} to` }).selectOption({ label: 'In progress' });
  await page.getByRole('button', { name: `Move #${disk.number}`, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Stage In progress' }).getByRole('link', { name: disk.subject })).toBeVisible();
  expect((await api.get(`/tickets/${disk.id}`)).stageId).toBe(stages.find((s) => s.name === 'In progress')!.id);
  await shot(page, 'kanban-all-teams');

  // The list: select two tickets of two teams, assign them to me, then move them by stage name.
  await page.goto(`/tickets?q=${tag}`);
  await page.getByRole('checkbox', { name: `Select #${printer.number}` }).check();
  await page.getByRole('checkbox', { name: `Select #${backup.number}` }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 tickets selected');
  await bar.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: me.user.name });
  await bar.getByRole('button', { name: 'Assign' }).click();
  await expect(page.getByTestId('toast')).toContainText('2 tickets assigned to');
  await expect(bar).toHaveCount(0);
  for (const t of [printer, backup]) expect((await api.get(`/tickets/${t.id}`)).assigneeId).toBe(me.user.id);
  for (const t of [vpn, disk]) expect((await api.get(`/tickets/${t.id}`)).assigneeId).toBeNull();

  await page.getByRole('checkbox', { name: `Select #${printer.number}` }).check();
  await page.getByRole('checkbox', { name: `Select #${backup.number}` }).check();
  await bar.getByRole('combobox', { name: 'Move to stage' }).selectOption('Solved');
  await shot(page, 'tickets-bulk');
  await bar.getByRole('button', { name: 'Move' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('2 tickets moved to Solved');
  // Solved tickets leave the open list; the two others stay.
  await expect(page.getByRole('link', { name: printer.subject })).toHaveCount(0);
  await expect(page.getByRole('link', { name: vpn.subject })).toBeVisible();

  // Select all shown selects exactly what the page shows.
  await page.getByRole('checkbox', { name: 'Select all shown tickets' }).check();
  await expect(bar).toContainText('2 tickets selected');
  await bar.getByRole('button', { name: 'Clear selection' }).click();
  await expect(bar).toHaveCount(0);

  // The team form carries the R67 setting.
  await page.goto(`/teams/${infra.id}`);
  const setting = page.getByLabel('Move to stage when time is logged');
  await expect(setting).toHaveValue(stages.find((s) => s.name === 'In progress')!.id);
  await setting.selectOption({ label: 'Off: tickets stay where they are' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  expect((await api.get(`/teams/${infra.id}`)).stageOnTimeLogged).toBeNull();
});
