import { expect, test } from '@playwright/test';
import { pngImage } from '../images.ts';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

// Issue 12, R72: an administrator sets the bank details, the payment terms and a logo on the
// Settings page; the invoice PDF then carries them. A file that is no PNG or JPEG is refused.
test('set bank details, payment terms and a logo, and find them on the invoice PDF', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  await page.goto('/settings');
  const payment = page.locator('section', { has: page.getByRole('heading', { name: 'Payment on invoices' }) });
  await payment.getByLabel('IBAN').fill('NL91 ABNA 0417 1643 01');
  await payment.getByLabel('BIC').fill('abnanl2a');
  await payment.getByLabel('Payment terms text').fill('Payment within 30 days by bank transfer, quoting the invoice number');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(payment.getByText(/mod-97/)).toBeVisible(); // one digit off: refused, naming the field
  await payment.getByLabel('IBAN').fill('NL91 ABNA 0417 1643 00');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Company settings saved')).toBeVisible();
  await expect(payment.getByLabel('IBAN')).toHaveValue('NL91ABNA0417164300');
  await expect(payment.getByLabel('BIC')).toHaveValue('ABNANL2A');

  const logo = page.locator('section', { has: page.getByRole('heading', { name: 'Logo on invoices' }) });
  await logo.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not a png') });
  await expect(logo.getByRole('alert')).toContainText('PNG or JPEG');
  await logo.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: pngImage(240, 60) });
  await expect(page.getByText('Logo saved: invoices now show it')).toBeVisible();
  await expect(logo.getByRole('img', { name: 'Company logo' })).toBeVisible();
  await expect(logo.getByRole('alert')).toHaveCount(0);
  await payment.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'settings-company');

  const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Harbor Logistics'), kind: 'company' });
  const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await api.post(`/sale-orders/${(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
  const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('The printer on the third floor prints every page twice since the driver update'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await api.post(`/tickets/${ticket.id}/timesheets`, { date: new Date().toISOString().slice(0, 10), minutes: 45, description: 'Rolled back the driver' });
  const invoice = await api.post(`/sale-orders/${order.id}/invoices`, { post: true });
  const pdf = await page.request.get(`/api/v1/invoices/${invoice.id}/pdf`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).includes('/Subtype /Image')).toBe(true);

  // Leave the shared server as other journeys expect it: no logo.
  await logo.getByRole('button', { name: 'Remove logo' }).click();
  await expect(page.getByText('Logo removed')).toBeVisible();
  await expect(logo.getByText(/No logo/)).toBeVisible();
  // R43, decision 0043: the posted invoice keeps the logo it was posted with.
  expect((await (await page.request.get(`/api/v1/invoices/${invoice.id}/pdf`)).body()).includes('/Subtype /Image')).toBe(true);
});
