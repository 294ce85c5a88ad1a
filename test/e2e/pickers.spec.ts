// Issue 12 point 2: pickers are searchable comboboxes, usable with many records and the keyboard alone.
import { expect, test } from '@playwright/test';
import { apiOf, shot, signIn, uniqueName } from './helpers.ts';

test('search a customer by typing', async ({ page }) => {
  await signIn(page);
  const api = await apiOf(page);
  // Sixty customers: far more than a plain dropdown is any good for.
  const tag = uniqueName('Picker');
  const names = Array.from({ length: 60 }, (_, i) => `${tag} Client ${String(i + 1).padStart(2, '0')}`);
  const customers = [];
  for (const name of names) customers.push(await api.post('/customers', { name, kind: 'company' }));

  await page.goto('/sales/new');
  const picker = page.getByRole('combobox', { name: 'Customer' });
  await expect(picker).toBeFocused();
  await expect(picker).toHaveAttribute('aria-expanded', 'false');

  // Part of a name: only the ten customers 40 to 49 are offered, the first one active.
  const key = tag.split(' ')[1]!;
  await page.keyboard.type(`${key} Client 4`);
  const list = page.getByRole('listbox');
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option')).toHaveCount(10);
  await expect(list.getByRole('option').first()).toHaveText(names[39]!);

  // Down moves the active option (focus stays in the field, aria-activedescendant follows).
  await page.keyboard.press('ArrowDown');
  const active = list.getByRole('option', { name: names[40]!, exact: true });
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id'))!);
  await expect(picker).toBeFocused();
  await shot(page, 'picker-search');

  // Enter chooses it and closes the list; a second Enter submits the form.
  await page.keyboard.press('Enter');
  await expect(picker).toHaveValue(names[40]!);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Quotation S\d+/ })).toBeVisible();
  const orderId = page.url().split('/').pop()!;
  expect((await api.get(`/sale-orders/${orderId}`)).customerId).toBe(customers[40].id);

  // On the quotation, Escape closes the list without choosing; leaving the field keeps the customer.
  const filter = page.getByRole('combobox', { name: 'Customer' });
  await expect(filter).toHaveValue(names[40]!);
  await filter.fill(`${key} Client 0`);
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(9);
  await filter.press('Escape');
  await expect(filter).toHaveAttribute('aria-expanded', 'false');
  await filter.press('Tab');
  await expect(filter).toHaveValue(names[40]!);
  expect((await api.get(`/sale-orders/${orderId}`)).customerId).toBe(customers[40].id);

  // Enter pressed before the search answers waits for it: the first match of what was typed is
  // chosen (and saved), not the option the list showed for the previous text.
  await filter.fill(`${key} Client 07`);
  await filter.press('Enter');
  await expect(filter).toHaveValue(names[6]!);
  await expect(page.getByTestId('toast')).toContainText('Customer changed');
  expect((await api.get(`/sale-orders/${orderId}`)).customerId).toBe(customers[6].id);
});
