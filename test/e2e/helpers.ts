import { expect, type Browser, type Locator, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };

/** Signs in through the sign-in page. */
export async function signIn(page: Page, who = ADMIN): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** The cell of a table row (the one row whose name begins with `rowName`) under a column header: an order line's Delivered, … */
export async function lineCell(page: Page, rowName: string, column: string) {
  const row = page.getByRole('row', { name: new RegExp(`^${rowName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  await expect(row).toBeVisible();
  const headers = (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const index = headers.indexOf(column);
  expect(index, `column ${column}`).toBeGreaterThanOrEqual(0);
  return row.getByRole('cell').nth(index);
}

/** The listbox of a searchable picker (web/src/ui/Combobox.tsx). */
async function listOf(field: Locator): Promise<Locator> {
  return field.page().locator(`[id="${await field.getAttribute('aria-controls')}"]`);
}

/** The options a picker offers for its current text, its list opened by a click (nothing is chosen). */
export async function optionsOf(field: Locator): Promise<Locator> {
  await field.click();
  return (await listOf(field)).getByRole('option');
}

/** Chooses in a searchable picker: types `text`, clicks the option labelled `option` (its hint aside). */
export async function pick(field: Locator, text: string, option = text): Promise<void> {
  await field.fill(text);
  await (await listOf(field)).getByRole('option').filter({ has: field.page().getByText(option, { exact: true }) }).click();
  await expect(field).toHaveValue(option);
}

let n = 0;
/** A unique name for this run. */
export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}${++n}`;

/** Saves a screenshot of the page for the README (docs/screenshots/<name>.png). */
export async function shot(page: Page, name: string): Promise<void> {
  // Only a settled page: no request in flight, no loading placeholder left.
  await page.waitForLoadState('networkidle');
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  await expect(page.getByText('…', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
}

/**
 * The API as the signed-in browser user (same cookies), for setting up data a journey is not
 * about. Throws with the API's answer when a call fails.
 */
export async function apiOf(page: Page) {
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await page.request.fetch(`/api/v1${path}`, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(body !== undefined ? { data: body } : {}) });
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return response.status() === 204 ? null : response.json();
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    del: (path: string) => call('DELETE', path),
  };
}

/**
 * The API as another user, signed in through the API in a browser context of its own: the page's
 * session is untouched (a journey signed in as one role sets up what only another may).
 */
export async function apiAs(browser: Browser, baseURL: string | undefined, who: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const login = await page.request.post('/api/v1/auth/login', { data: { email: who.email, password: who.password } });
  if (!login.ok()) throw new Error(`sign-in of ${who.email}: ${login.status()} ${await login.text()}`);
  return apiOf(page);
}

/** Posts the draft invoice or credit note on the page: Post, then the confirmation (R71). */
export async function postDraft(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Post this (invoice|credit note)\?$/ });
  await expect(dialog).toContainText('corrections need a credit note');
  await dialog.getByRole('button', { name: /^Post (invoice|credit note)$/ }).click();
  await expect(dialog).toBeHidden();
}

type Api = Awaited<ReturnType<typeof apiOf>>;

/** A posted invoice of 90 minutes at 90.00 for a new customer, its time logged on `date`. */
export async function postedInvoice(admin: Api, customerName: string, date: string, invoiceDate?: string) {
  const team = await admin.post('/teams', { name: uniqueName('Support'), timesheetsEnabled: true, billingEnabled: true });
  const customer = await admin.post('/customers', { name: customerName, kind: 'company' });
  const product = await admin.post('/products', { name: uniqueName('Support hour'), unit: 'hour', unitPrice: '90.00', invoicingPolicy: 'timesheets' });
  const order = await admin.post(`/sale-orders/${(await admin.post('/sale-orders', { customerId: customer.id, lines: [{ productId: product.id }] })).id}/confirm`);
  const ticket = await admin.post('/tickets', { teamId: team.id, subject: uniqueName('Printer offline'), customerId: customer.id, saleOrderLineId: order.lines[0].id });
  await admin.post(`/tickets/${ticket.id}/timesheets`, { date, minutes: 90, description: 'Replaced the driver' });
  const draft = await admin.post(`/sale-orders/${order.id}/invoices`, {});
  return admin.post(`/invoices/${draft.id}/post`, invoiceDate ? { invoiceDate } : {});
}

/** The customer of last year's unpaid invoice that before-any-invoice.setup.ts posts. */
export const LATE_PAYER = 'Late Payer Ltd';
