import { expect, test } from '@playwright/test';
import { parseMail, startSmtp } from '../smtp.ts';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

// Issue 12 (R69): Ctrl+K opens the command palette; a ticket or invoice number and Enter open that
// page; `?` lists the shortcuts; `j`/`k` step through the ticket list's order; `c` opens a new ticket.
test('the command palette finds a ticket and an invoice by number; the shortcuts', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  const team = await api.post('/teams', { name: uniqueName('Palette team'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await api.post('/customers', { name: uniqueName('Northwind Traders'), kind: 'company' });
  const product = await api.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await api.post(`/sale-orders/${(await api.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
  // A word of this run only: other journeys' tickets on the same server say "Printer" too.
  const word = uniqueName('Printer').replace(' ', '-');
  const first = await api.post('/tickets', { teamId: team.id, subject: `${word} offline`, customerId: customer.id, saleOrderLineId: order.lines[0].id });
  const second = await api.post('/tickets', { teamId: team.id, subject: `${word} jams`, customerId: customer.id });
  await api.post(`/tickets/${first.id}/timesheets`, { date: new Date().toISOString().slice(0, 10), minutes: 45, description: 'Replaced the driver' });
  const invoice = await api.post(`/sale-orders/${order.id}/invoices`, { post: true });

  await page.goto('/tickets');
  await expect(page.getByRole('link', { name: second.subject })).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const box = palette.getByRole('combobox', { name: 'Search or type a command' });
  await expect(box).toBeFocused();
  await box.fill(word);
  await expect(palette.getByRole('group', { name: 'Tickets' }).getByRole('option')).toHaveCount(2);
  await expect(palette.getByRole('group', { name: 'Customers' })).toHaveCount(0);
  // ↓ and ↑ move through the results (the newest ticket first).
  const [newest, older] = [palette.getByRole('option', { name: new RegExp(second.subject) }), palette.getByRole('option', { name: new RegExp(first.subject) })];
  await expect(newest).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await expect(older).toHaveAttribute('aria-selected', 'true');
  await expect(newest).toHaveAttribute('aria-selected', 'false');
  await box.press('ArrowUp');
  await expect(newest).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'command-palette');

  // A ticket number and Enter, pressed before the answer comes: that ticket.
  await box.fill(`#${first.number}`);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tickets/${first.id}$`));
  await expect(palette).toBeHidden();

  // An invoice number and Enter once it is found.
  await page.keyboard.press('Control+k');
  await box.fill(invoice.number);
  await expect(palette.getByRole('option', { name: new RegExp(invoice.number.replace(/\//g, '\\/')) })).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/invoices/${invoice.id}$`));

  // Escape closes it; a command is found by its name.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  // `?` lists the shortcuts; j/k follow the ticket list (newest first: second, then first).
  await page.goto('/tickets');
  await expect(page.getByRole('link', { name: second.subject })).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('New ticket');
  await expect(help).toContainText('Next ticket');
  await shot(page, 'keyboard-shortcuts');
  await page.keyboard.press('Escape');
  await page.goto(`/tickets/${second.id}`);
  await expect(page.getByRole('heading', { name: new RegExp(second.subject) })).toBeVisible();
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/tickets/${first.id}$`));
  await page.keyboard.press('k');
  await expect(page).toHaveURL(new RegExp(`/tickets/${second.id}$`));

  // `t` opens the Timesheets tab with the cursor in the new entry; typing there fires no shortcut.
  await page.keyboard.press('t');
  const description = page.getByRole('row', { name: 'New entry' }).getByLabel('Description');
  await expect(description).toBeFocused();
  await page.keyboard.type('c j k');
  await expect(description).toHaveValue('c j k');
  await expect(page).toHaveURL(new RegExp(`/tickets/${second.id}\\?tab=timesheets$`));
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/tickets\/new$/);
});

// R70: "Forgot password?" on the sign-in page mails a link; the link sets a new password.
test('a forgotten password is reset through the mailed link', async ({ page, browser }) => {
  const smtp = await startSmtp(Number(process.env.E2E_SMTP_PORT));
  try {
    await signIn(page);
    const api = await apiOf(page);
    const email = `${uniqueName('forgetful').replace(/\s/g, '.')}@example.test`;
    await api.post('/users', { name: 'Forgetful Agent', email, role: 'agent', password: 'the old password' });

    const visitor = await browser.newPage();
    await visitor.goto('/');
    await visitor.getByRole('group').getByText('Forgot password?').click();
    const form = visitor.getByRole('form', { name: 'Reset password' });
    await form.getByLabel('Your e-mail address').fill(email);
    await form.getByRole('button', { name: 'Send reset link' }).click();
    await expect(visitor.getByRole('status')).toContainText('If an active account uses this e-mail address');
    await shot(visitor, 'forgot-password');

    const mails = await smtp.waitFor(1);
    const mail = await parseMail(mails.find((m) => m.to.includes(email))!);
    expect(mail.subject).toBe('Reset your Deskbill password');
    const link = /http:\/\/\S+\/reset-password\/[\w-]+/.exec(mail.text ?? '')![0];
    await visitor.goto(new URL(link).pathname);
    await visitor.getByLabel('New password', { exact: true }).fill('a brand new password');
    await visitor.getByLabel('Repeat the password').fill('a brand new password');
    await visitor.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(visitor.getByRole('navigation', { name: 'Main' })).toBeVisible();
  } finally {
    await smtp.close();
  }
});
