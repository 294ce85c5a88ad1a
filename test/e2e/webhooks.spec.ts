import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startReceiver } from '../webhook-receiver.ts';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

test('an admin registers a webhook, a new ticket is delivered to it signed, and its delivery log shows it delivered; Resend sends it again', async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signIn(page);
    const api = await apiOf(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();

    // The receiver listens on 127.0.0.1: refused until private targets are allowed.
    const url = `${receiver.url}/deskbill`;
    const allow = page.getByRole('switch', { name: 'Allow private targets' });
    // Saved at once on the server (and on the company's history): the switch follows its answer.
    if (await allow.isChecked()) await allow.click();
    await expect(allow).not.toBeChecked();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialog.getByLabel('URL').fill(url);
    await dialog.getByLabel('Description').fill('Operations dashboard');
    await dialog.getByRole('checkbox', { name: /ticket\.created/ }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(dialog.getByText(/127\.0\.0\.1 is loopback/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await allow.click();
    await expect(allow).toBeChecked();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialog.getByLabel('URL').fill(url);
    await dialog.getByLabel('Description').fill('Operations dashboard');
    await dialog.getByRole('checkbox', { name: /ticket\.created/ }).check();
    await dialog.getByRole('checkbox', { name: /ticket\.stage_changed/ }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByRole('heading', { name: url })).toBeVisible();
    await expect(page.getByText('Nothing sent yet')).toBeVisible();

    // An event: a ticket is opened (set up through the API; the journey is about the webhook).
    const team = await api.post('/teams', { name: uniqueName('Network team'), timesheetsEnabled: true, billingEnabled: false });
    const ticket = await api.post('/tickets', { teamId: team.id, subject: 'VPN down at the Lyon office', priority: 'urgent' });
    await expect.poll(() => receiver.at('/deskbill').length, { timeout: 15_000 }).toBe(1);
    await page.reload();
    const row = page.getByRole('row', { name: 'Delivery ticket.created' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Delivered');
    await expect(row).toContainText('HTTP 200 OK');

    // What arrived: the Standard Webhooks headers, a signature the secret shown here verifies.
    await page.getByRole('button', { name: 'Show' }).click();
    const secret = (await page.getByLabel('Signing secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    const [hook] = receiver.at('/deskbill');
    const body = JSON.parse(hook!.body);
    expect([body.type, body.data.id, body.data.subject, body.data.priority]).toEqual(['ticket.created', ticket.id, 'VPN down at the Lyon office', 'urgent']);
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${hook!.headers['webhook-id']}.${hook!.headers['webhook-timestamp']}.${hook!.body}`).digest('base64');
    expect(hook!.headers['webhook-signature']).toBe(`v1,${expected}`);
    await expect(row).toContainText(String(hook!.headers['webhook-id']));

    // Resend: the same message again, a new row of the log.
    await row.getByRole('button', { name: /^Resend/ }).click();
    await expect.poll(() => receiver.at('/deskbill').length, { timeout: 15_000 }).toBe(2);
    expect(receiver.at('/deskbill')[1]!.headers['webhook-id']).toBe(hook!.headers['webhook-id']);
    await expect(page.getByRole('row', { name: 'Delivery ticket.created' })).toHaveCount(2);
    await expect(page.getByRole('row', { name: 'Delivery ticket.created' }).first()).toContainText('(resent)');
    await expect(page.getByRole('row', { name: 'Delivery ticket.created' }).first()).toContainText('Delivered', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Hide' }).click();
    await shot(page, 'webhook-endpoint');

    await page.getByRole('link', { name: '← Webhooks' }).click();
    await expect(page.getByRole('row').filter({ hasText: url })).toContainText('Active');
    await shot(page, 'webhooks');
  } finally {
    await receiver.close();
  }
});
