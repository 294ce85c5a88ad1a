import { expect, test } from '@playwright/test';
import { shot, signIn } from '../e2e/helpers.ts';

const DEMO = { email: 'demo@deskbill.test', password: 'deskbill-demo' };

test('the main screens on the demo data', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(page.getByRole('heading', { name: 'Service Desk' })).toBeVisible();
  await shot(page, 'demo-dashboard');

  await nav.getByRole('link', { name: 'Tickets' }).click();
  await expect(page.locator('tbody tr').nth(10)).toBeVisible();
  await shot(page, 'demo-tickets');

  await page.locator('tbody tr').first().getByRole('link').first().click();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await shot(page, 'demo-ticket-timesheets');

  await nav.getByRole('link', { name: 'Timesheets' }).click();
  await expect(page.locator('tbody tr').nth(10)).toBeVisible();
  await shot(page, 'demo-timesheets');

  await nav.getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('link', { name: /^S\d{5}$/ }).last().click();
  await expect(page.getByRole('heading', { name: /Sales order S\d{5}/ })).toBeVisible();
  await shot(page, 'demo-sale-order');

  await nav.getByRole('link', { name: 'Invoices' }).click();
  await shot(page, 'demo-invoices');
  await page.getByRole('link', { name: /^INV\// }).first().click();
  await expect(page.getByRole('heading', { name: /Invoice INV\// }).first()).toBeVisible();
  await shot(page, 'demo-invoice');
});
