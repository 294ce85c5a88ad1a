import { expect, test } from '@playwright/test';
import { lineCell, optionsOf, pick, postDraft, shot, signIn } from './helpers.ts';

// SPEC §1 step by step in the browser, as a new user would, on a fresh embedded database. It saves
// the screenshots the README shows.
test('SPEC §1: configure, sell, log, link, bill at two rates, invoice, PDF, close', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);

  // 0. The company that sends the invoices (settings, once).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Company name').fill('Deskbill Services BV');
  await page.getByLabel('Street').fill('Keizersgracht 123');
  await page.getByLabel('Postal code').fill('1015 CJ');
  await page.getByLabel('City').fill('Amsterdam');
  await page.getByLabel('Country').selectOption('NL');
  await page.getByLabel('VAT id').fill('NL001234567B01');
  await page.getByLabel('Default tax %').fill('21');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Helpdesk' }).click();

  // 1. Configure a helpdesk team: timesheets on tickets and time billing (billing waits for timesheets).
  await page.getByRole('link', { name: 'New team' }).click();
  await page.getByLabel('Name').fill('Premium Support');
  await expect(page.getByLabel('Time billing')).toBeDisabled();
  await page.getByLabel('Timesheets on tickets').check();
  await page.getByLabel('Time billing').check();
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Team created.')).toBeVisible();
  await expect(page.getByLabel('Project')).toContainText('Premium Support');
  await shot(page, 'team-settings');

  // 2. A customer, a quotation with a product created from the order line, confirmed.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name').fill('Northwind Traders');
  await page.getByLabel('VAT id').fill('NL123456789B01');
  await page.getByLabel('City').fill('Amsterdam');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Traders' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('link', { name: 'New quotation' }).click();
  await pick(page.getByLabel('Customer'), 'Northwind', 'Northwind Traders');
  await page.getByRole('button', { name: 'Create quotation' }).click();
  await expect(page.getByRole('heading', { name: /Quotation S\d{5}/ })).toBeVisible();
  const orderUrl = page.url();
  const orderNumber = (await page.getByRole('heading', { name: /Quotation S\d{5}/ }).textContent())!.match(/S\d{5}/)![0];
  await createProductFromLine(page, 'Support hour', '90.00');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: `Sales order ${orderNumber}` })).toBeVisible();

  // 3. A ticket, and time recorded before it is linked: the entry waits, unlinked.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByLabel('Team').selectOption({ label: 'Premium Support' });
  await page.getByLabel('Subject').fill('VPN drops every hour');
  await pick(page.getByLabel('Customer'), 'Northwind', 'Northwind Traders');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { name: /VPN drops every hour/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await logTime(page, 'Diagnosis of the tunnel', '1:30');
  await expect(entryRow(page, 'Diagnosis of the tunnel').getByText('Unlinked')).toBeVisible();

  // 4. Link the ticket to the order's line (only this customer's lines are offered): the entry follows.
  await page.getByRole('tab', { name: 'Details' }).click();
  await (await optionsOf(page.getByRole('combobox', { name: 'Sales Order Item', exact: true }))).filter({ hasText: orderNumber }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('link', { name: `Sales Order ${orderNumber}` })).toBeVisible();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  await expect(entryRow(page, 'Diagnosis of the tunnel').getByText('To invoice')).toBeVisible();

  // 5. Billing rates: a non-billable entry, and one at another rate (a second line on the order).
  await logTime(page, 'Courtesy call', '0:30', { billable: false });
  await expect(entryRow(page, 'Courtesy call').getByText('Non-billable')).toBeVisible();
  await page.goto(orderUrl);
  await createProductFromLine(page, 'Senior engineer hour', '150.00');
  await page.goBack();
  await page.getByRole('tab', { name: 'Timesheets' }).click();
  // The order has two lines now: the column shows by itself (issue 12 point 5).
  await expect(page.getByLabel('Show the Sales Order Item column')).toBeChecked();
  await logTime(page, 'Firewall rule review', '45m', { line: 'Senior engineer hour' });
  await expect(entryRow(page, 'Firewall rule review').getByText('To invoice')).toBeVisible();
  await shot(page, 'ticket-timesheets');
  await page.getByRole('tab', { name: 'Details' }).click();
  await shot(page, 'ticket-form');

  // 6. Delivered = the hours recorded; create the invoice, post it, open its PDF.
  await page.getByRole('link', { name: `Sales Order ${orderNumber}` }).click();
  // Each figure in its own column: a row merely containing "1.50" (e.g. under To invoice) would not do.
  await expect(await lineCell(page, 'Support hour', 'Delivered')).toContainText('1.50');
  await expect(await lineCell(page, 'Senior engineer hour', 'Delivered')).toContainText('0.75');
  await expect(await lineCell(page, 'Support hour', 'To invoice')).toHaveText('1.50');
  await expect(await lineCell(page, 'Senior engineer hour', 'To invoice')).toHaveText('0.75');
  await shot(page, 'sale-order');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await page.getByRole('button', { name: 'Create draft invoice' }).click();
  await expect(page.getByRole('heading', { name: /Draft invoice/ }).first()).toBeVisible();
  await expect(page.getByText('Diagnosis of the tunnel')).toBeVisible();
  await expect(page.getByText('Firewall rule review')).toBeVisible();
  await expect(page.getByText('Courtesy call')).toHaveCount(0);
  await postDraft(page);
  await expect(page.getByRole('heading', { name: /Invoice INV\/\d{4}\/\d{5}/ }).first()).toBeVisible();
  await expect(page.getByText('247.50 EUR').first()).toBeVisible(); // 135.00 + 112.50
  await expect(page.getByText('51.98 EUR').first()).toBeVisible(); // 28.35 + 23.63, tax per line (R4)
  await expect(page.getByText('299.48 EUR').first()).toBeVisible();
  await shot(page, 'invoice');
  const pdfHref = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Then the ticket can be closed; a closed ticket offers Reopen.
  await page.getByRole('link', { name: /#\d+/ }).first().click();
  await page.getByRole('button', { name: 'Solve', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();

  // 7. The dashboard card and the lists.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Helpdesk' }).click();
  await expect(page.getByRole('heading', { name: 'Premium Support' })).toBeVisible();
  await shot(page, 'dashboard');
  await page.getByRole('link', { name: 'Tickets of Premium Support' }).click();
  await page.getByLabel('Status').selectOption({ label: 'All' });
  await expect(page.getByRole('link', { name: 'VPN drops every hour' })).toBeVisible();
  await shot(page, 'tickets-list');
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Kanban' }).click();
  await expect(page.getByRole('region', { name: 'Stage Solved' }).getByText('VPN drops every hour')).toBeVisible();
  await shot(page, 'tickets-kanban');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('link', { name: 'Senior engineer hour' })).toBeVisible();
  await shot(page, 'products');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('link', { name: 'Northwind Traders' })).toBeVisible();
  await shot(page, 'customers');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
  // This year's invoice: the set-up project posted one of last year first (before-any-invoice.setup.ts).
  await expect(page.getByRole('link', { name: new RegExp(`INV/${new Date().getUTCFullYear()}/\\d{5}`) })).toBeVisible();
  await shot(page, 'invoices');
});

type Page = import('@playwright/test').Page;

const entryRow = (page: Page, description: string) => page.getByRole('row', { name: /^Entry of / }).filter({ hasText: description });

/** On an order: "Create and edit…" a product from the new line, then add the line. */
async function createProductFromLine(page: Page, name: string, price: string): Promise<void> {
  await page.getByRole('button', { name: 'Create and edit…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Product name').fill(name);
  await dialog.getByLabel('Unit price').fill(price);
  await dialog.getByLabel('Invoicing policy').selectOption({ label: 'Based on timesheets' });
  await dialog.getByRole('button', { name: 'Create and select' }).click();
  await page.getByRole('button', { name: 'Add line' }).click();
  await expect(page.getByRole('row').filter({ hasText: name }).first()).toBeVisible();
}

/** Types a new entry in the timesheets grid and saves it with Enter. */
async function logTime(page: Page, description: string, duration: string, options: { billable?: boolean; line?: string } = {}): Promise<void> {
  const row = page.getByRole('row', { name: 'New entry' });
  await row.getByLabel('Description').fill(description);
  await row.getByLabel('Duration').fill(duration);
  if (options.billable === false) await row.getByLabel('Billable').uncheck();
  if (options.line) {
    const select = row.getByLabel('Sales Order Item');
    await select.selectOption({ label: (await select.locator('option', { hasText: options.line }).textContent())! });
  }
  await row.getByLabel('Duration').press('Enter');
  await expect(entryRow(page, description)).toHaveCount(1);
}
