// Issue 10: the billing guards hold in the database itself, against direct SQL that skips the
// code's checks; on PGlite and PostgreSQL. (test/concurrency.test.ts covers the R15 and R43
// triggers with concurrent sessions on PostgreSQL.)
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase, refusal } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';

forEachDatabase('billing guards in the database (issue 10)', (ctx) => {
  let api: ApiClient;
  const run = (statement: SQL) => queryRows(ctx.t.database.db, statement);
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R4/R5: the currency and the length of a day may change by SQL until billing fixes them, then the database refuses', async () => {
    await run(sql`UPDATE company_settings SET currency = 'USD', minutes_per_day = 420 WHERE id = 1`);
    await run(sql`UPDATE company_settings SET currency = 'EUR', minutes_per_day = 480 WHERE id = 1`);
    const setup = await createBillingSetup(api, { product: { unit: 'day' } });
    await logMinutes(api, setup.ticket.id, [240]);
    assert.deepEqual(await refusal(run(sql`UPDATE company_settings SET minutes_per_day = 420 WHERE id = 1`)), { code: 'P0001', hint: 'CONFLICT' });
    await run(sql`UPDATE company_settings SET currency = 'USD' WHERE id = 1`);
    await run(sql`UPDATE company_settings SET currency = 'EUR' WHERE id = 1`);
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.deepEqual(await refusal(run(sql`UPDATE company_settings SET currency = 'USD' WHERE id = 1`)), { code: 'P0001', hint: 'CONFLICT' });
    const [settings] = await queryRows<{ currency: string; minutes_per_day: number }>(ctx.t.database.db, sql`SELECT currency, minutes_per_day FROM company_settings WHERE id = 1`);
    assert.deepEqual(settings, { currency: 'EUR', minutes_per_day: 480 }, 'nothing changed');
  });

  test('R41/R44: a second live claim is refused; a posted invoice\'s claim cannot be dropped or moved, only released by a posted credit note', async () => {
    const setup = await createBillingSetup(api);
    const [first, second] = await logMinutes(api, setup.ticket.id, [60, 30]);
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await api.post(`/invoices/${invoice.id}/post`, {}));
    await logMinutes(api, setup.ticket.id, [15]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const draftLine = Number(draft.lines[0].id);
    const claimed = Number(first.id);

    assert.equal((await refusal(run(sql`INSERT INTO timesheet_claims (timesheet_id, invoice_line_id) VALUES (${claimed}, ${draftLine})`))).code, '23505');
    assert.deepEqual(await refusal(run(sql`DELETE FROM timesheet_claims WHERE timesheet_id = ${claimed}`)), { code: 'P0001', hint: 'TIMESHEET_INVOICED' });
    assert.deepEqual(await refusal(run(sql`UPDATE timesheet_claims SET invoice_line_id = ${draftLine} WHERE timesheet_id = ${claimed}`)), { code: 'P0001', hint: 'TIMESHEET_INVOICED' });
    const [still] = await queryRows<{ line: number }>(ctx.t.database.db, sql`SELECT invoice_line_id AS line FROM timesheet_claims WHERE timesheet_id = ${claimed}`);
    assert.equal(Number(still!.line), Number(invoice.lines[0].id), 'the claim stayed where it was');

    // A draft's claims go with it; a credit note, once posted, releases what it credits.
    ok(await api.delete(`/invoices/${draft.id}`));
    const credit = ok(await api.post(`/invoices/${invoice.id}/credit-notes`, { timesheetIds: [second.id] }));
    ok(await api.post(`/invoices/${credit.id}/post`, {}));
    const left = await queryRows<{ id: number }>(ctx.t.database.db, sql`SELECT timesheet_id AS id FROM timesheet_claims WHERE timesheet_id IN (${claimed}, ${Number(second.id)})`);
    assert.deepEqual(left.map((r) => Number(r.id)), [claimed], 'the credited entry is released, the other still billed');
  });
});
