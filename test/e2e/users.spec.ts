import { expect, test } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

test('an admin invites an agent, who sets a password and lands signed in; deactivated, the agent is signed out', async ({ page, browser }) => {
  // The pages run under the server's Content-Security-Policy: nothing may be blocked by it.
  const blocked: string[] = [];
  const watch = (p: typeof page) => p.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
  watch(page);
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Service desk'), timesheetsEnabled: true, billingEnabled: false });
  const name = uniqueName('Robin Agent');
  const email = `robin-${Date.now().toString(36)}@e2e.test`;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await page.getByRole('button', { name: 'Invite a user' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a user' });
  await invite.getByLabel('Name').fill(name);
  await invite.getByLabel('Email').fill(email);
  await invite.getByLabel('Role').selectOption({ label: 'Agent' });
  await invite.getByRole('checkbox', { name: team.name }).check();
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  const ready = page.getByRole('dialog', { name: 'Invitation ready' });
  const url = await ready.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(url).toMatch(/\/invite\/[\w-]{43}$/);
  await ready.getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('row').filter({ hasText: email });
  // The role's own cell: the row's text contains "Agent" anyway, in the name "Robin Agent …".
  await expect(row.getByRole('cell', { name: 'Agent', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: team.name, exact: true })).toBeVisible();

  // The agent opens the link in their own browser, signed out.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  watch(agent);
  await agent.goto(new URL(url).pathname);
  await expect(agent.getByRole('heading', { name: 'Join Deskbill' })).toBeVisible();
  await expect(agent.getByText(`Welcome, ${name}.`)).toBeVisible();
  await agent.getByLabel('New password').fill('robin-password-1');
  await agent.getByLabel('Repeat the password').fill('robin-password-1');
  await agent.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(agent.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(agent.getByRole('banner')).toContainText(name);

  // The link works once.
  const again = await agentContext.newPage();
  await again.goto(new URL(url).pathname);
  await expect(again.getByRole('alert')).toContainText('This link no longer works');
  await again.close();

  await page.reload();
  await expect(row).toContainText('Active');
  await shot(page, 'users');

  // Deactivated: the agent's open page is signed out at its next request.
  await page.getByRole('button', { name: `Deactivate ${name}` }).click();
  await expect(row).toContainText('Deactivated');
  await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
  const ended = agent.getByRole('dialog', { name: 'Your session ended' });
  await expect(ended).toBeVisible();
  await ended.getByLabel('Password').fill('robin-password-1');
  await ended.getByRole('button', { name: 'Sign in' }).click();
  await expect(ended.getByRole('alert')).toContainText('Wrong email or password');
  await agentContext.close();
  expect(blocked).toEqual([]);
});
