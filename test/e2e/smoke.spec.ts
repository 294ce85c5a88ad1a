import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

test('sign in, see the helpdesk, sign out', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Helpdesk overview' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Deskbill' })).toBeVisible();
});
