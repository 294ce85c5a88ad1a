import { test as setup } from '@playwright/test';
import { ADMIN, apiAs, LATE_PAYER, postedInvoice } from './helpers.ts';

// Runs before every journey (a dependency of the journeys' project, playwright.config.ts): an
// invoice dated last year can be posted only before any invoice of this year (numbers follow
// dates, R43), and the journeys post this year's. The overdue filter's journey (payments.spec.ts)
// finds this one.
setup('last year’s invoice, never paid, posted before any journey posts', async ({ browser, baseURL }) => {
  const admin = await apiAs(browser, baseURL, ADMIN);
  const lastYear = new Date().getUTCFullYear() - 1;
  await postedInvoice(admin, LATE_PAYER, `${lastYear}-01-12`, `${lastYear}-01-15`);
});
