import { expect, test } from '@playwright/test';
import { ADMIN, apiAs, shot, signIn, uniqueName } from './helpers.ts';

// Issue 12 (R65): an accountant registers a partial payment on a posted invoice, then the rest,
// and the invoice shows Paid; an invoice past its due date is listed under the Overdue filter.

type Api = Awaited<ReturnType<typeof apiAs>>;

/** A posted invoice of 90 minutes at 90.00 for a new customer, its time logged on `date`. */
async function postedInvoice(admin: Api, customerName: string, date: string, invoiceDate?: string) {
  const team = await admin.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await admin.post('/customers', { name: customerName, kind: 'company' });
  const product = await admin.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await admin.post(`/sale-orders/${(await admin.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
  const ticket = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Printer offline'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await admin.post(`/tickets/${ticket.id}/timesheets`, { date, minutes: 90, description: 'Replaced the driver' });
  const draft = await admin.post(`/sale-orders/${order.id}/invoices`, {});
  return admin.post(`/invoices/${draft.id}/post`, invoiceDate ? { invoiceDate } : {});
}

test('an accountant registers a partial payment, then the rest; an overdue invoice shows under Overdue', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(browser, baseURL, ADMIN);
  const lastYear = new Date().getUTCFullYear() - 1;
  // Last year's invoice (its own numbering year), due 30 days after: long overdue.
  const overdue = await postedInvoice(admin, uniqueName('Late Payer Ltd'), `${lastYear}-01-12`, `${lastYear}-01-15`);
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
  await expect(page.getByRole('row', { name: new RegExp(overdue.number) })).toContainText('Overdue');
  await expect(page.getByRole('row', { name: new RegExp(invoice.number) })).toHaveCount(0);
  await shot(page, 'invoices-overdue');
});
