// Issue 12 (R66): a customer in another EU country with a VAT id gets the reverse charge on its
// order lines, and its invoice carries the legal mention, on the page and in the PDF.
import { expect, test } from '@playwright/test';
import { REVERSE_CHARGE_MENTION } from '../../src/core/taxes.ts';
import { hasPoppler, pdfText } from '../pdf-text.ts';
import { apiOf, lineCell, pick, postDraft, shot, signIn, uniqueName } from './helpers.ts';

test('a reverse-charge invoice for a customer in another EU country, with its mention on the PDF', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  await api.patch('/company', { country: 'NL', vatId: 'NL859123456B01' });
  const customer = await api.post('/customers', {
    name: uniqueName('Müller GmbH'), kind: 'company', vatId: 'DE287654321', address: { street: 'Leopoldstraße 118', city: 'München', postalCode: '80802', country: 'DE' },
  });
  const product = await api.post('/products', { name: uniqueName('Consulting hour'), unit: 'hour', unitPrice: '120.00', taxRate: '21', invoicingPolicy: 'timesheets' });

  // The taxes the lines take, under Settings.
  await page.goto('/settings/taxes');
  await expect(page.getByRole('row', { name: /Reverse charge \(EU\)/ })).toBeVisible();

  // The customer's fiscal position follows from its country and VAT id.
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByLabel('Fiscal position')).toHaveValue('eu_business');

  // A quotation: the new line takes the reverse charge, not the product's 21%.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('link', { name: 'New quotation' }).click();
  await pick(page.getByLabel('Customer', { exact: true }), customer.name);
  await page.getByRole('button', { name: 'Create quotation' }).click();
  await expect(page.getByRole('heading', { name: /^Quotation S\d+/ })).toBeVisible();
  const addLine = page.getByRole('form', { name: 'Add a line' });
  await pick(addLine.getByLabel('Product'), product.name);
  await expect(addLine.getByLabel('Tax')).toHaveValue('');
  await addLine.getByRole('button', { name: 'Add line' }).click();
  await expect(await lineCell(page, product.name, 'Tax')).toHaveText('Reverse charge (EU) (0.00%)');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: /^Sales order S\d+/ })).toBeVisible();

  // Time on a ticket of the line, then the invoice.
  const orderId = new URL(page.url()).pathname.split('/').pop()!;
  const order = await api.get(`/sale-orders/${orderId}`);
  const team = await api.post('/teams', { name: uniqueName('Consulting'), timesheetsEnabled: true, billingEnabled: true });
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('ERP migration'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: new Date().toISOString().slice(0, 10), minutes: 90, description: 'Data mapping workshop' });
  await page.reload();
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await page.getByRole('form', { name: 'Create invoice' }).getByRole('button', { name: 'Create draft invoice' }).click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await postDraft(page);
  await expect(page.getByRole('heading', { level: 1, name: /^Invoice INV\/\d{4}\/\d{5}/ })).toBeVisible();

  // The page: 0% tax, the mention under the totals, the customer's VAT id.
  await expect(page.getByRole('note', { name: 'Tax mention' })).toHaveText(REVERSE_CHARGE_MENTION);
  await expect(page.getByLabel('Bill to')).toContainText('VAT DE287654321');
  await expect(page.getByText('Reverse charge (EU)', { exact: true })).toBeVisible();
  await shot(page, 'invoice-reverse-charge');

  // The PDF says the same.
  const pdf = await page.request.get((await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  test.skip(!hasPoppler, 'pdftotext (poppler-utils) is not installed');
  const text = pdfText(await pdf.body());
  expect(text).toContain(REVERSE_CHARGE_MENTION);
  expect(text).toContain('VAT: DE287654321');
});
