import { expect, test } from '@playwright/test';
import { ADMIN, apiAs, LATE_PAYER, postedInvoice, shot, signIn, uniqueName } from './helpers.ts';

// Issue 12 (R65): an accountant registers a partial payment on a posted invoice, then the rest,
// and the invoice shows Paid; an invoice past its due date is listed under the Overdue filter.

test('an accountant registers a partial payment, then the rest; an overdue invoice shows under Overdue', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(browser, baseURL, ADMIN);
  const invoice = await postedInvoice(admin, uniqueName('Harbor Logistics'), new Date().toISOString().slice(0, 10));
  const accountant = { email: `${uniqueName('accountant').replace(/\s/g, '-').toLowerCase()}@e2e.test`, password: 'accountant-password-1' };
  await admin.post('/users', { name: 'Abby Accountant', email: accountant.email, role: 'accountant', password: accountant.password, teamIds: [] });
  await signIn(page, accountant);

  await page.goto(`/invoices/${invoice.id}`);
  const payments = page.locator('section', { has: page.getByRole('heading', { name: 'Payments' }) });
  await expect(payments.getByText('Not paid', { exact: true })).toBeVisible();
  await payments.getByRole('button', { name: 'Register payment' }).click();
  let dialog = page.getByRole('dialog', { name: `Register a payment on ${invoice.number}` });
  await expect(dialog.getByLabel('Amount', { exact: true })).toHaveValue(invoice.amountDue);
  await dialog.getByLabel('Amount', { exact: true }).fill('100.00');
  await dialog.getByLabel('Method').selectOption({ label: 'Bank transfer' });
  await dialog.getByLabel('Reference').fill('SEPA 2026-114');
  await dialog.getByRole('button', { name: 'Register payment' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Payment registered/)).toBeVisible();
  await expect(payments.getByText('Partially paid', { exact: true })).toBeVisible();
  await expect(payments.getByRole('row', { name: /SEPA 2026-114/ })).toContainText('Abby Accountant');

  await payments.getByRole('button', { name: 'Register payment' }).click();
  dialog = page.getByRole('dialog', { name: `Register a payment on ${invoice.number}` });
  const rest = await dialog.getByLabel('Amount', { exact: true }).inputValue();
  expect(rest).not.toBe(invoice.amountDue);
  // More than the rest asks for the overpayment box before it can be registered.
  await dialog.getByLabel('Amount', { exact: true }).fill('1000');
  await expect(dialog.getByRole('button', { name: 'Register payment' })).toBeDisabled();
  await expect(dialog.getByRole('checkbox', { name: /overpayment/ })).toBeVisible();
  await dialog.getByLabel('Amount', { exact: true }).fill(rest);
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await dialog.getByLabel('Method').selectOption({ label: 'Card' });
  await dialog.getByRole('button', { name: 'Register payment' }).click();
  await expect(dialog).toBeHidden();
  await expect(payments.getByRole('heading', { name: 'Payments' }).getByText('Paid', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Paid', { exact: true })).toBeVisible();
  await expect(payments.getByRole('row')).toHaveCount(3);
  const toasts = page.getByRole('region', { name: 'Notifications' });
  await expect(toasts.getByText(/Payment registered/)).toHaveCount(2);
  // The confirmations seen, they are dismissed so that the screenshot shows the table under them.
  while (await toasts.getByRole('button', { name: 'Dismiss' }).count()) await toasts.getByRole('button', { name: 'Dismiss' }).first().click();
  await payments.scrollIntoViewIfNeeded();
  await shot(page, 'payments-invoice');

  await page.goto('/invoices');
  await page.getByLabel('Payment').selectOption({ label: 'Overdue' });
  await expect(page).toHaveURL(/payment=overdue/);
  // Last year's invoice of the set-up project (before-any-invoice.setup.ts), long past its due date.
  await expect(page.getByRole('row', { name: new RegExp(LATE_PAYER) })).toContainText('Overdue');
  await expect(page.getByRole('row', { name: new RegExp(invoice.number) })).toHaveCount(0);
  await shot(page, 'invoices-overdue');
});
