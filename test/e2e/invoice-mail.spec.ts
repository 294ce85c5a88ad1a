import { expect, test } from '@playwright/test';
import { parseMail, startSmtp } from '../smtp.ts';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

// Issue 11 (R60, R61): an accountant sends a posted invoice to the customer by e-mail and sees
// its delivery: the mail server refuses the first attempt (greylisting), the outbox retries, and
// the send turns Sent with the server's reply. The mail arrives once, with the PDF attached.
test('send a posted invoice by e-mail and follow its delivery', async ({ page }) => {
  const smtp = await startSmtp(Number(process.env.E2E_SMTP_PORT));
  try {
    await signIn(page);
    const api = await apiOf(page);
    const team = await api.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
    const customer = await api.post('/customers', { name: uniqueName('Harbor Logistics'), kind: 'company', email: 'hello@harbor.example', billingEmail: 'accounts@harbor.example' });
    const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
    const order = await api.post(`/sale-orders/${(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
    const ticket = await api.post('/tickets', { teamId: team.id, subject: uniqueName('VPN drops'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
    await api.post(`/tickets/${ticket.id}/timesheets`, { date: new Date().toISOString().slice(0, 10), minutes: 75, description: 'Reconfigured the tunnel' });
    const invoice = await api.post(`/sale-orders/${order.id}/invoices`, { post: true });

    smtp.refuseNext(1, 451, 'Greylisted, please try again later');
    await page.goto(`/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Send by e-mail' }).click();
    const dialog = page.getByRole('dialog', { name: `Send ${invoice.number}?` });
    await expect(dialog).toContainText(customer.name);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dialog).toBeHidden();

    const sends = page.locator('section', { has: page.getByRole('heading', { name: 'Sent by e-mail' }) });
    const row = sends.getByRole('row', { name: /accounts@harbor\.example/ });
    await expect(row).toBeVisible();
    // First the refusal is shown as a retry, then the delivery (the page looks again every 2 s).
    await expect(row).toContainText(/Sent|Queued/);
    await expect(row.getByText('Sent', { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(row).toContainText(/^.*250 /);
    await expect(row.getByRole('cell', { name: '2', exact: true })).toBeVisible();
    await shot(page, 'invoice-sent');

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['accounts@harbor.example']);
    const parsed = await parseMail(mail!);
    const company = await api.get('/company');
    expect(parsed.subject).toBe(`Invoice ${invoice.number} from ${company.name}`);
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    // The company's mail text, with its placeholders, in Settings.
    await page.goto('/settings');
    await expect(page.getByLabel('Subject')).toHaveValue('{document} {number} from {company}');
    await page.getByRole('heading', { name: 'E-invoicing (Peppol, Factur-X)' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'settings-invoice-mail');

    await page.goto(`/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect(page.getByRole('dialog', { name: `Send again ${invoice.number}?` })).toContainText('It was sent before');
  } finally {
    await smtp.close();
  }
});
