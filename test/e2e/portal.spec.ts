import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * As the admin, through the API: customer A (a company and its contact) with a confirmed order
 * (hourly and prepaid lines), tickets with billable and non-billable time, a posted invoice; a
 * customer B with a marked ticket; and a portal user for A's contact.
 */
async function setUp(page: Page) {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: 'Service desk', timesheetsEnabled: true, billingEnabled: true });
  const hour = await api.post('/products', { name: 'Support hour', unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const block = await api.post('/products', { name: 'Prepaid support block', unit: 'hour', unitPrice: '80.00', invoicingPolicy: 'prepaid' });
  const company = await api.post('/customers', { name: 'Harbour Logistics', kind: 'company' });
  const contact = await api.post('/customers', { name: 'Pat Morgan', kind: 'person', companyId: company.id });
  const colleague = await api.post('/customers', { name: 'Sam Lee', kind: 'person', companyId: company.id });
  const quotation = await api.post('/sale-orders', { customerId: company.id, lines: [{ productId: hour.id }, { productId: block.id, quantity: '10' }] });
  const order = await api.post(`/sale-orders/${quotation.id}/confirm`);
  const [hourLine, blockLine] = order.lines;
  const admin = (await api.get('/auth/me')).user;
  const printer = await api.post('/tickets', {
    teamId: team.id, subject: 'Label printer offline', description: 'The label printer in the warehouse stopped printing after this morning\'s update.',
    customerId: contact.id, assigneeId: admin.id, saleOrderLineId: hourLine.id,
  });
  const vpn = await api.post('/tickets', { teamId: team.id, subject: 'VPN drops at night', customerId: colleague.id, saleOrderLineId: blockLine.id });
  await api.post(`/tickets/${printer.id}/timesheets`, { date: today(), minutes: 90, description: 'Reinstalled the printer driver' });
  await api.post(`/tickets/${printer.id}/timesheets`, { date: today(), minutes: 45, description: 'Internal research on driver bug', billable: false });
  await api.post(`/tickets/${vpn.id}/timesheets`, { date: today(), minutes: 150, description: 'Moved the VPN to the new gateway' });
  await api.post(`/tickets/${printer.id}/comments`, { body: 'We are on it: the driver update broke the label printer.' });
  await api.post(`/tickets/${printer.id}/comments`, { body: 'Internal: ask vendor about firmware', internal: true });
  const draft = await api.post(`/sale-orders/${order.id}/invoices`);
  const invoice = await api.post(`/invoices/${draft.id}/post`);

  const other = await api.post('/customers', { name: 'Other Corp', kind: 'company' });
  const marker = uniqueName('SECRET-B-MARKER');
  await api.post('/tickets', { teamId: team.id, subject: marker, customerId: other.id });

  const portalUser = { email: `${uniqueName('pat').replace(/\s/g, '-').toLowerCase()}@harbour.test`, password: 'portal-password-1' };
  await api.post('/users', { name: 'Pat Morgan', email: portalUser.email, role: 'customer', customerId: contact.id, password: portalUser.password });
  await page.getByRole('button', { name: 'Sign out' }).click();
  return { team, order, printer, vpn, invoice, marker, portalUser };
}

test('a customer follows their tickets, time, orders and invoices in the portal', async ({ page }) => {
  const { team, order, printer, vpn, invoice, marker, portalUser } = await setUp(page);
  await signIn(page, portalUser);

  // My tickets: their own and their colleague's, never another customer's.
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  await expect(page.getByRole('link', { name: printer.subject })).toBeVisible();
  await expect(page.getByRole('link', { name: vpn.subject })).toBeVisible();
  await expect(page.getByText(marker)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Sales' })).toHaveCount(0);

  // A ticket: the conversation without internal notes, and the billable time only.
  await page.getByRole('link', { name: printer.subject }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(printer.subject) })).toBeVisible();
  const conversation = page.getByRole('list', { name: 'Conversation' });
  await expect(conversation.getByText('We are on it: the driver update broke the label printer.')).toBeVisible();
  await expect(page.getByText('Internal: ask vendor about firmware')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'Reinstalled the printer driver' })).toBeVisible();
  await expect(page.getByText('Internal research on driver bug')).toHaveCount(0);
  await expect(page.getByLabel('Total billable time')).toHaveText('1:30');
  await page.getByLabel('Your message').fill('Thanks, it prints again. Labels are slightly off-centre though.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(conversation.getByText('Thanks, it prints again. Labels are slightly off-centre though.')).toBeVisible();
  await expect(page.getByLabel('Your message')).toHaveValue('');
  await shot(page, 'portal-ticket');

  // Open a ticket and write on it.
  await page.getByRole('link', { name: 'My tickets' }).first().click();
  await page.getByRole('link', { name: 'Open a ticket' }).click();
  await page.getByLabel('Team').selectOption({ label: team.name });
  const subject = 'New laptop for Sam';
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Description').fill('Sam starts on Monday and needs a laptop with the usual set-up.');
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(subject) })).toBeVisible();
  await expect(page.getByText('New', { exact: true })).toBeVisible();
  await page.getByLabel('Your message').fill('Docking station too, please.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('list', { name: 'Conversation' }).getByText('Docking station too, please.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
  await shot(page, 'portal-tickets');

  // My orders: ordered, delivered, invoiced and the remaining prepaid hours.
  await page.getByRole('link', { name: 'My orders' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^Order ${order.number}`) })).toBeVisible();
  const hourRow = page.getByRole('row', { name: /Support hour/ });
  await expect(hourRow.getByRole('cell')).toHaveText(['Support hour', '0.00 h', '1.50 h', '1.50 h', '—']);
  const blockRow = page.getByRole('row', { name: /Prepaid support block/ });
  await expect(blockRow.getByRole('cell')).toHaveText(['Prepaid support block', '10.00 h', '2.50 h', '10.00 h', '7.50 h']);

  // My invoices: the posted invoice, and its PDF.
  await page.getByRole('link', { name: 'My invoices' }).click();
  await expect(page.getByRole('cell', { name: invoice.number, exact: true })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: `Download ${invoice.number} (PDF)` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${invoice.number.replaceAll('/', '-')}.pdf`);
  expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

  // Staff see the customer's message next to their internal notes, and add one.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page);
  await page.goto(`/tickets/${printer.id}`);
  const staffConversation = page.getByRole('list', { name: 'Conversation' });
  await expect(staffConversation.getByText('Thanks, it prints again. Labels are slightly off-centre though.')).toBeVisible();
  await expect(staffConversation.getByText('Internal: ask vendor about firmware')).toBeVisible();
  await page.getByLabel('Reply').fill('Off-centre labels: firmware 2.1 fixes it, schedule for Friday.');
  await page.getByRole('switch', { name: 'Internal note' }).check();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(staffConversation.getByRole('listitem').filter({ hasText: 'firmware 2.1' }).getByText('Internal note')).toBeVisible();
});
