// Issue 11: CSV exports of invoice lines, timesheets and unbilled time (decision 0027). Exact
// content for a small fixture (RFC 4180 quoting, BOM, non-ASCII, the formula guard), the lists'
// filters and scope, amounts that sum to the documents' totals, refusals, and streaming over real
// HTTP: many batches in the list's order, and a client that goes away leaves no session behind.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { sumAmounts } from '../src/core/money.ts';
import { createApiToken } from '../src/modules/accounts/index.ts';
import { exportInvoiceLines, INVOICE_LINE_COLUMNS } from '../src/modules/invoicing/index.ts';
import { TIMESHEET_COLUMNS } from '../src/modules/service-billing/index.ts';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, unique, type ApiClient } from './api.ts';
import { csvObjects, parseCsv } from './csv.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildProduct, buildTeam } from './factories.ts';

type Client = ApiClient & { userId: string };
const text = (body: unknown) => (Buffer.isBuffer(body) ? body.toString('utf8') : String(body));

/** Every item of a list, page after page (limit 500). */
async function listAll(api: ApiClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: any[]; nextCursor: string | null } = ok(await api.get(`${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The export at `path` as records (header first), after checking it is a CSV attachment. */
async function exported(api: ApiClient, path: string): Promise<Array<Record<string, string>>> {
  const reply = await api.get(path);
  assert.equal(reply.status, 200, `${path}: ${text(reply.body).slice(0, 300)}`);
  assert.equal(reply.headers['content-type'], 'text/csv; charset=utf-8');
  return csvObjects(text(reply.body));
}

test('R63: README documents every column of each export, in the order the code writes them', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const documented = (heading: string): string[] => {
    const start = readme.indexOf(heading);
    assert.ok(start >= 0, `README has a section "${heading}"`);
    const table = readme.slice(start).split('\n').slice(1);
    const rows = table.slice(table.findIndex((l) => l.startsWith('|')));
    return rows.slice(0, rows.findIndex((l) => !l.startsWith('|'))).slice(2).map((l) => /^\|\s*`([a-z_]+)`/.exec(l)?.[1] ?? `(not a column row: ${l})`);
  };
  assert.deepEqual(documented('### Invoice lines columns'), INVOICE_LINE_COLUMNS.map((c) => c.name));
  assert.deepEqual(documented('### Timesheets and unbilled time columns'), TIMESHEET_COLUMNS.map((c) => c.name));
});

forEachDatabase('CSV exports', (ctx) => {
  let admin: Client;
  let accountant: Client;
  let agentA: Client;
  let agentB: Client;
  let portal: Client;
  const w = {} as {
    teamA: any; teamB: any; customer: any; customerB: any; contact: any; order: any; hourlyLine: string; prepaidLine: string;
    ticket: any; prepaidTicket: any; ticketB: any; invoice1: any; invoice2: any; credit: any; draft: any;
    entries: Record<string, any>;
  };

  const log = async (api: ApiClient, ticketId: string, date: string, minutes: number, description: string, extra: Record<string, unknown> = {}) =>
    ok(await api.post(`/tickets/${ticketId}/timesheets`, { date, minutes, description, ...extra }));

  before(async () => {
    const { db } = ctx.t.database;
    admin = await apiAs(db, 'admin');
    w.teamA = ok(await admin.post('/teams', buildTeam({ name: unique('Équipe A') })));
    w.teamB = ok(await admin.post('/teams', buildTeam({ name: unique('Team B') })));
    accountant = await apiAs(db, 'accountant', admin.app);
    agentA = await apiAs(db, 'agent', admin.app, { teamIds: [w.teamA.id] });
    agentB = await apiAs(db, 'agent', admin.app, { teamIds: [w.teamB.id] });
    w.customer = ok(await admin.post('/customers', buildCompany({ name: `Müller & Fils, "Ops" ${unique('c')}`, vatId: 'FR40303265045', address: { country: 'FR' } })));
    w.contact = ok(await admin.post('/customers', { name: unique('Contact'), kind: 'person', companyId: w.customer.id }));
    w.customerB = ok(await admin.post('/customers', buildCompany()));
    portal = await apiAs(db, 'customer', admin.app, { customerId: w.customer.id });
    const hourly = ok(await admin.post('/products', buildProduct({ unitPrice: '97.35', taxRate: '21' })));
    const prepaid = ok(await admin.post('/products', buildProduct({ invoicingPolicy: 'prepaid', unitPrice: '80.00', taxRate: '20' })));
    const draftOrder = ok(await admin.post('/sale-orders', { customerId: w.customer.id, lines: [{ productId: hourly.id }, { productId: prepaid.id, quantity: '10' }] }));
    w.order = ok(await admin.post(`/sale-orders/${draftOrder.id}/confirm`));
    w.hourlyLine = w.order.lines[0].id;
    w.prepaidLine = w.order.lines[1].id;
    w.ticket = ok(await admin.post('/tickets', { teamId: w.teamA.id, subject: '=cmd|" /C calc"!A0', customerId: w.customer.id, saleOrderLineId: w.hourlyLine }));
    w.prepaidTicket = ok(await admin.post('/tickets', { teamId: w.teamA.id, subject: unique('Prepaid'), customerId: w.contact.id, saleOrderLineId: w.prepaidLine }));
    const orderB = ok(await admin.post('/sale-orders', { customerId: w.customerB.id, lines: [{ productId: hourly.id }] }));
    const confirmedB = ok(await admin.post(`/sale-orders/${orderB.id}/confirm`));
    w.ticketB = ok(await admin.post('/tickets', { teamId: w.teamB.id, subject: unique('B ticket'), customerId: w.customerB.id, saleOrderLineId: confirmedB.lines[0].id }));

    const e: Record<string, any> = {};
    e.install = await log(agentA, w.ticket.id, '2026-03-02', 45, 'Install, configure');
    e.hello = await log(agentA, w.ticket.id, '2026-03-03', 20, 'Said "hello"\nthen left');
    e.discount = await log(admin, w.ticket.id, '2026-03-04', 90, '-5 min discount', { userId: agentA.userId });
    w.invoice1 = ok(await admin.post(`/sale-orders/${w.order.id}/invoices`, { post: true, invoiceDate: '2026-03-31' }));
    e.april1 = await log(agentA, w.ticket.id, '2026-04-01', 30, 'April work');
    e.april2 = await log(agentA, w.ticket.id, '2026-04-02', 15, '@mention someone');
    w.invoice2 = ok(await admin.post(`/sale-orders/${w.order.id}/invoices`, { post: true, invoiceDate: '2026-04-30' }));
    const creditDraft = ok(await admin.post(`/invoices/${w.invoice1.id}/credit-notes`, { timesheetIds: [e.hello.id] }));
    w.credit = ok(await admin.post(`/invoices/${creditDraft.id}/post`, { invoiceDate: '2026-05-05' }));
    e.unicode = await log(agentA, w.ticket.id, '2026-05-10', 25, 'Ünïcødé ✓ 東京');
    e.prepaid = await log(agentA, w.prepaidTicket.id, '2026-05-11', 60, 'Prepaid work');
    e.internal = await log(agentA, w.ticket.id, '2026-05-12', 10, 'Internal', { billable: false });
    e.drafted = await log(agentA, w.ticket.id, '2026-05-13', 35, 'On a draft');
    w.draft = ok(await admin.post(`/sale-orders/${w.order.id}/invoices`, { periodStart: '2026-05-13', periodEnd: '2026-05-13' }));
    e.b1 = await log(agentB, w.ticketB.id, '2026-03-02', 50, 'B work');
    e.b2 = await log(agentB, w.ticketB.id, '2026-05-10', 40, 'B more');
    w.entries = e;
  });

  test('R63: timesheets: the exact rows of a team, newest first, quoted per RFC 4180, text guarded against formulas', async () => {
    const reply = await admin.get(`/exports/timesheets.csv?teamId=${w.teamA.id}`);
    assert.equal(reply.status, 200);
    const body = text(reply.body);
    assert.ok(!body.startsWith('\uFEFF'), 'no BOM unless asked for');
    const outsideQuotes = body.replace(/"(?:[^"]|"")*"/g, '""');
    assert.ok(body.endsWith('\r\n') && !/(^|[^\r])\n/.test(outsideQuotes), 'every record ends with CRLF; a bare LF only inside quotes');
    const e = w.entries;
    const agent = 'Test agent';
    const team = w.teamA.name;
    const cust = w.customer.name;
    const contact = w.contact.name;
    const subject = `'=cmd|" /C calc"!A0`;
    const prepaidSubject = w.prepaidTicket.subject;
    const n = w.ticket.number;
    const so = w.order.number;
    const row = (x: any, ticket: number, subj: string, customer: string, description: string, hours: string, status: string, line: string, invoice: string) =>
      [x.id, x.date, agent, team, customer, String(ticket), subj, description, String(x.minutes), hours, String(x.billable), status, line ? so : '', line, invoice, String(x.billedMinutes)];
    const hourlyName = w.order.lines[0].description;
    const prepaidName = w.order.lines[1].description;
    assert.deepEqual(parseCsv(body), [
      TIMESHEET_COLUMNS.map((c) => c.name),
      row(e.drafted, n, subject, cust, 'On a draft', '0.58', 'invoiced', hourlyName, ''),
      row(e.internal, n, subject, cust, 'Internal', '0.17', 'non_billable', '', ''),
      row(e.prepaid, w.prepaidTicket.number, prepaidSubject, contact, 'Prepaid work', '1.00', 'to_invoice', prepaidName, ''),
      row(e.unicode, n, subject, cust, 'Ünïcødé ✓ 東京', '0.42', 'to_invoice', hourlyName, ''),
      row(e.april2, n, subject, cust, "'@mention someone", '0.25', 'invoiced', hourlyName, w.invoice2.number),
      row(e.april1, n, subject, cust, 'April work', '0.50', 'invoiced', hourlyName, w.invoice2.number),
      row(e.discount, n, subject, cust, "'-5 min discount", '1.50', 'invoiced', hourlyName, w.invoice1.number),
      row(e.hello, n, subject, cust, 'Said "hello"\nthen left', '0.33', 'to_invoice', hourlyName, ''),
      row(e.install, n, subject, cust, 'Install, configure', '0.75', 'invoiced', hourlyName, w.invoice1.number),
    ]);
    // The bytes as written: quotes doubled, fields with commas, quotes and newlines quoted, UTF-8.
    assert.ok(body.includes(`,"${cust.replaceAll('"', '""')}",`));
    assert.ok(body.includes(',"Said ""hello""\nthen left",'));
    assert.ok(body.includes(`,"'=cmd|"" /C calc""!A0",`));
    assert.ok(body.includes(',"Install, configure",'));
    assert.ok((reply.body as Buffer).includes(Buffer.from('Ünïcødé ✓ 東京', 'utf8')));
  });

  test('R63: BOM on request, headers of an attachment named after the period', async () => {
    const plain = await admin.get('/exports/timesheets.csv?dateFrom=2026-03-01&dateTo=2026-03-31');
    const withBom = await admin.get('/exports/timesheets.csv?dateFrom=2026-03-01&dateTo=2026-03-31&bom=1');
    const noBom = await admin.get('/exports/timesheets.csv?dateFrom=2026-03-01&dateTo=2026-03-31&bom=0');
    assert.equal((plain.body as Buffer).subarray(0, 9).toString('latin1'), 'entry_id,');
    assert.deepEqual([...(withBom.body as Buffer).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual((withBom.body as Buffer).subarray(3), plain.body);
    assert.deepEqual(noBom.body, plain.body);
    assert.equal(plain.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(plain.headers['content-disposition'], 'attachment; filename="timesheets_2026-03-01_2026-03-31.csv"');
    assert.equal(plain.headers['cache-control'], 'no-store');
    const names = async (path: string) => String((await admin.get(path)).headers['content-disposition']);
    assert.equal(await names('/exports/timesheets.csv'), 'attachment; filename="timesheets_all-dates.csv"');
    assert.equal(await names('/exports/unbilled-time.csv?dateFrom=2026-05-01'), 'attachment; filename="unbilled-time_from-2026-05-01.csv"');
    assert.equal(await names('/exports/invoice-lines.csv?dateTo=2026-04-30'), 'attachment; filename="invoice-lines_until-2026-04-30.csv"');
  });

  test('R63: timesheets: every filter of the list gives exactly the list\'s entries, in its order', async () => {
    const e = w.entries;
    const filters = [
      '', `teamId=${w.teamA.id}`, `teamId=${w.teamB.id}`, `customerId=${w.customer.id}`, `customerId=${w.contact.id}`, `userId=${agentA.userId}`,
      `userId=${agentB.userId}`, 'status=to_invoice', 'status=invoiced', 'status=non_billable', 'status=unlinked', 'dateFrom=2026-04-01', 'dateTo=2026-03-31',
      'dateFrom=2026-03-03&dateTo=2026-05-10', `saleOrderId=${w.order.id}`, `saleOrderLineId=${w.prepaidLine}`, `invoiceId=${w.invoice1.id}`,
      `teamId=${w.teamA.id}&customerId=${w.customer.id}&status=invoiced&dateFrom=2026-03-01&dateTo=2026-04-30&userId=${agentA.userId}`,
    ];
    for (const query of filters) {
      const list = (await listAll(admin, `/timesheets?${query}`)).map((t) => t.id);
      const csv = (await exported(admin, `/exports/timesheets.csv?${query}`)).map((r) => r.entry_id);
      assert.deepEqual(csv, list, `?${query}`);
    }
    // The customer filter takes the company's contacts in, as the ticket and invoice lists do.
    const family = (await exported(admin, `/exports/timesheets.csv?customerId=${w.customer.id}`)).map((r) => r.entry_id);
    assert.ok(family.includes(e.prepaid.id) && family.includes(e.install.id) && !family.includes(e.b1.id));
    assert.deepEqual((await exported(admin, `/exports/timesheets.csv?customerId=${w.contact.id}`)).map((r) => r.entry_id), [e.prepaid.id]);
  });

  test('R63: scope: an agent exports only the time of their teams, exactly as their list shows it; portal users get nothing', async () => {
    const e = w.entries;
    const ofA = (await exported(agentA, '/exports/timesheets.csv')).map((r) => r.entry_id);
    assert.deepEqual(ofA, (await listAll(agentA, '/timesheets')).map((t) => t.id));
    assert.ok(ofA.includes(e.install.id) && !ofA.includes(e.b1.id) && !ofA.includes(e.b2.id));
    assert.deepEqual(await exported(agentB, `/exports/timesheets.csv?teamId=${w.teamA.id}`), [], 'another team: the header only');
    assert.deepEqual(await exported(agentB, `/exports/unbilled-time.csv?teamId=${w.teamA.id}`), []);
    const unbilledOfB = (await exported(agentB, '/exports/unbilled-time.csv')).map((r) => r.entry_id);
    assert.deepEqual(unbilledOfB, [e.b2.id, e.b1.id]);
    const accountantsView = await exported(accountant, '/exports/timesheets.csv');
    assert.deepEqual(accountantsView.map((r) => r.entry_id), (await listAll(admin, '/timesheets')).map((t) => t.id));
    assert.ok((await exported(accountant, '/exports/invoice-lines.csv')).length > 0, 'accountants export invoice lines');
    for (const path of ['/exports/invoice-lines.csv', '/exports/timesheets.csv', '/exports/unbilled-time.csv']) {
      const refused = await portal.get(path);
      assert.equal(refused.status, 403, path);
      assert.equal(refused.body.error.code, 'FORBIDDEN');
      assert.equal((await admin.anonymous().get(path)).status, 401);
    }
    assert.equal((await agentA.get('/exports/invoice-lines.csv')).status, 403, 'agents do not read invoices');
  });

  test('R63: invoice lines: posted documents only, one row per line with the document\'s facts, amounts summing to its totals', async () => {
    const rows = await exported(accountant, '/exports/invoice-lines.csv');
    const numbers = [...new Set(rows.map((r) => r.number))];
    const posted = (await listAll(admin, '/invoices?state=posted')).sort((a, b) => (a.invoiceDate + a.id).localeCompare(b.invoiceDate + b.id));
    assert.deepEqual(numbers, posted.map((i) => i.number), 'every posted document, by invoice date; no draft');
    assert.ok(!rows.some((r) => r.number === '' || r.number === w.draft.id));
    for (const doc of posted) {
      const full = ok(await admin.get(`/invoices/${doc.id}`));
      const mine = rows.filter((r) => r.number === doc.number);
      assert.equal(mine.length, full.lines.length, `${doc.number}: one row per line`);
      const decimals = 2;
      assert.equal(sumAmounts(mine.map((r) => r.net_amount!), decimals), full.amountUntaxed, `${doc.number}: Σ net = untaxed`);
      assert.equal(sumAmounts(mine.map((r) => r.tax_amount!), decimals), full.amountTax, `${doc.number}: Σ tax = tax`);
      assert.equal(sumAmounts(mine.map((r) => r.gross_amount!), decimals), full.amountTotal, `${doc.number}: Σ gross = total`);
      mine.forEach((r, i) => {
        const line = full.lines[i];
        assert.deepEqual(
          [r.line_number, r.description, r.quantity, r.unit, r.unit_price, r.tax_rate, r.net_amount, r.tax_amount, r.document_net_total, r.document_tax_total, r.document_gross_total],
          [String(i + 1), line.description, line.quantity, line.unit, line.unitPrice, line.taxRate, line.subtotal, line.taxAmount, full.amountUntaxed, full.amountTax, full.amountTotal],
        );
        assert.deepEqual(
          [r.document_type, r.invoice_date, r.due_date, r.customer_id, r.customer_name, r.customer_vat_id, r.customer_country, r.currency, r.sign],
          [full.kind, full.invoiceDate, full.dueDate ?? '', full.customerId, full.customerSnapshot.name, 'FR40303265045', 'FR', full.currency, full.kind === 'credit_note' ? '-1' : '1'],
        );
      });
    }
    // The first invoice, exactly: 155 minutes at 97.35 (R5: 2.58 h), and the prepaid pack of 10 h at 80.00.
    const first = rows.filter((r) => r.number === w.invoice1.number);
    assert.deepEqual(first.map((r) => [r.sale_order, r.credited_invoice, r.quantity, r.unit_price, r.tax_rate, r.net_amount, r.tax_amount, r.gross_amount]), [
      [w.order.number, '', '2.58', '97.35', '21.00', '251.16', '52.74', '303.90'],
      [w.order.number, '', '10.00', '80.00', '20.00', '800.00', '160.00', '960.00'],
    ]);
    const credit = rows.filter((r) => r.number === w.credit.number);
    assert.deepEqual(credit.map((r) => [r.document_type, r.credited_invoice, r.sign, r.quantity, r.net_amount]), [['credit_note', w.invoice1.number, '-1', '0.33', '32.13']]);
    assert.ok(rows.every((r) => /^\d+\.\d{2}$/.test(r.net_amount!) && /^\d{4}-\d{2}-\d{2}$/.test(r.invoice_date!)), 'exact decimals with a dot, ISO dates');
  });

  test('R63: invoice lines: the invoice list\'s filters, on posted documents', async () => {
    const cases = ['', 'kind=invoice', 'kind=credit_note', `customerId=${w.customer.id}`, `customerId=${w.customerB.id}`, `saleOrderId=${w.order.id}`,
      'dateFrom=2026-04-01', 'dateTo=2026-04-30', 'dateFrom=2026-04-30&dateTo=2026-04-30', `reversedInvoiceId=${w.invoice1.id}`,
      `timesheetId=${w.entries.hello.id}`, 'kind=invoice&dateFrom=2026-03-01&dateTo=2026-03-31'];
    for (const query of cases) {
      const list = (await listAll(admin, `/invoices?state=posted&${query}`)).map((i) => i.number).sort();
      const csv = [...new Set((await exported(admin, `/exports/invoice-lines.csv?state=posted&${query}`)).map((r) => r.number))].sort();
      assert.deepEqual([...new Set((await exported(admin, `/exports/invoice-lines.csv?${query}`)).map((r) => r.number))].sort(), csv, 'posted whether asked or not');
      assert.deepEqual(csv, list, `?${query}`);
    }
    assert.deepEqual((await exported(admin, '/exports/invoice-lines.csv?dateFrom=2026-04-30&dateTo=2026-04-30')).map((r) => r.number), [w.invoice2.number]);
  });

  test('R63: invoice lines: read a line at a time or a few, the file is the same (the keyset crosses documents and dates)', async () => {
    const whole = text((await admin.get('/exports/invoice-lines.csv')).body);
    assert.ok(parseCsv(whole).length > 4);
    for (const size of [1, 2, 3]) {
      const file = await exportInvoiceLines(ctx.t.database.db, {}, size);
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString('utf8'), whole, `${size} line(s) per statement`);
    }
  });

  test('R63: unbilled time: the entries the dashboard counts as to invoice, team by team, minute for minute', async () => {
    const e = w.entries;
    const rows = await exported(admin, '/exports/unbilled-time.csv');
    const ids = rows.map((r) => r.entry_id);
    assert.ok(ids.includes(e.unicode.id) && ids.includes(e.hello.id), 'logged after the invoice, or freed by the posted credit note');
    for (const gone of [e.prepaid, e.internal, e.drafted, e.install, e.april1]) assert.ok(!ids.includes(gone.id), 'not prepaid, not non-billable, not claimed');
    assert.ok(rows.every((r) => r.status === 'to_invoice'));
    const cards = ok(await admin.get('/helpdesk/dashboard')).items as Array<{ teamId: string; name: string; minutesToInvoice: number }>;
    for (const card of cards) {
      const minutes = rows.filter((r) => r.team === card.name).reduce((sum, r) => sum + Number(r.minutes), 0);
      assert.equal(minutes, card.minutesToInvoice, card.name);
    }
    const filtered = (await exported(admin, `/exports/unbilled-time.csv?teamId=${w.teamA.id}&dateFrom=2026-05-01`)).map((r) => r.entry_id);
    assert.deepEqual(filtered, [e.unicode.id]);
  });

  test('R63: bad filters answer 400 in JSON and no file', async () => {
    const bad = [
      '/exports/timesheets.csv?dateFrom=2026-05-01&dateTo=2026-04-01', '/exports/unbilled-time.csv?dateFrom=2026-05-01&dateTo=2026-04-01',
      '/exports/invoice-lines.csv?dateFrom=2026-05-01&dateTo=2026-04-01', '/exports/timesheets.csv?dateFrom=2026-02-30', '/exports/timesheets.csv?bom=2',
      '/exports/timesheets.csv?bom=yes', '/exports/timesheets.csv?teamId=abc', '/exports/timesheets.csv?status=billed', '/exports/timesheets.csv?limit=10',
      '/exports/timesheets.csv?cursor=x', '/exports/timesheets.csv?colour=red', '/exports/unbilled-time.csv?status=invoiced', '/exports/unbilled-time.csv?invoiceId=1',
      '/exports/invoice-lines.csv?state=draft', '/exports/invoice-lines.csv?kind=quote', '/exports/invoice-lines.csv?customerId=0', '/exports/invoice-lines.csv?dateTo=31/12/2026',
      '/timesheets?dateFrom=2026-05-01&dateTo=2026-04-01', '/invoices?dateFrom=2026-05-01&dateTo=2026-04-01',
    ];
    for (const path of bad) {
      const reply = await accountant.get(path);
      assert.equal(reply.status, 400, `${path}: ${text(reply.body).slice(0, 200)}`);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      assert.equal(reply.body.error.code, 'VALIDATION_FAILED', path);
      assert.equal(reply.headers['content-disposition'], undefined);
    }
    const period = await admin.get('/exports/timesheets.csv?dateFrom=2026-05-01&dateTo=2026-04-01');
    assert.deepEqual(period.body.error.details, [{ path: 'dateTo', message: 'The period ends before it starts' }]);
  });

  // Over real HTTP, with several thousand entries (made by the first test that needs them, after
  // the exact-content tests): many batches, and a client that goes away.
  const BULK = 6000;
  let served: { port: number; token: string; team: any } | null = null;
  async function bulk() {
    if (served) return served;
    const { db } = ctx.t.database;
    const team = ok(await admin.post('/teams', buildTeam()));
    const ticket = ok(await admin.post('/tickets', { teamId: team.id, subject: 'Bulk', customerId: w.customerB.id }));
    // Entries in one statement, as bench/generate.ts makes them; 50 per date, so batches end inside a
    // date; with long descriptions, so the file (10 MB) is more than a new socket's buffers hold.
    await queryRows(db, sql`
      INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable)
      SELECT ${Number(ticket.id)}, m.project_id, ${Number(agentA.userId)}, DATE '2026-06-01' + (g / 50), 1 + (g * 37) % 240, 'Bulk, "entry" ' || g || ' ' || repeat('x', 1500), false
        FROM generate_series(0, ${BULK - 1}) g CROSS JOIN (SELECT project_id FROM teams WHERE id = ${Number(team.id)}) m`);
    const token = (await createApiToken(db, Number(admin.userId), 'exports')).token;
    await admin.app.listen({ port: 0, host: '127.0.0.1' });
    const address = admin.app.server.address();
    served = { port: typeof address === 'object' && address ? address.port : 0, token, team };
    return served;
  }
  after(async () => {
    await admin?.app.close();
  });
  // A new connection each time (no keep-alive): a socket reused after a fast download has buffers
  // grown large enough to take the whole file without the client reading it.
  const request = (s: { port: number; token: string }, path: string) =>
    http.get({ host: '127.0.0.1', port: s.port, path: `/api/v1${path}`, headers: { authorization: `Bearer ${s.token}` }, agent: false });

    test('R63: streamed over HTTP: chunked, in several batches, the list\'s rows in the list\'s order across batch ends', async () => {
      const s = await bulk();
      const chunks: Buffer[] = [];
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => request(s, `/exports/timesheets.csv?teamId=${s.team.id}`).on('response', resolve).on('error', reject));
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      assert.equal(res.headers['content-length'], undefined, 'streamed: no length known in advance');
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const rows = csvObjects(Buffer.concat(chunks).toString('utf8'));
      assert.equal(rows.length, BULK);
      assert.ok(chunks.length >= 4, `several chunks, got ${chunks.length}`);
      assert.deepEqual(rows.map((r) => r.entry_id), (await listAll(admin, `/timesheets?teamId=${s.team.id}`)).map((t) => t.id));
      assert.equal(new Set(rows.map((r) => r.entry_id)).size, BULK, 'no entry twice');
    });

    test('R63: a client that disconnects mid-export leaves no transaction and no busy connection behind', async () => {
      const s = await bulk();
      const { db } = ctx.t.database;
      // The server's side of the request, observed: its response closes before it has finished.
      const closed = new Promise<boolean>((resolve) => admin.app.server.once('request', (_req, res: http.ServerResponse) => res.once('close', () => resolve(res.writableFinished))));
      const req = request(s, `/exports/timesheets.csv?teamId=${s.team.id}`);
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
      assert.equal(res.statusCode, 200);
      // Nothing read: the server fills the sockets' buffers, then waits on backpressure; then the client goes.
      res.pause();
      await new Promise((resolve) => setTimeout(resolve, 500));
      req.destroy();
      assert.equal(await closed, false, 'the export was cut mid-file');
      for (let i = 0; i < 100; i++) {
        const open = await new Promise<number>((resolve, reject) => admin.app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
        if (open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (ctx.t.kind === 'postgres') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const sessions = await queryRows<{ state: string | null; xact: boolean }>(db, sql`
          SELECT state, xact_start IS NOT NULL AS xact FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
        assert.deepEqual(sessions.filter((x) => x.state !== 'idle' || x.xact), [], 'every other session of the pool is idle, outside any transaction');
      }
      // The database takes a write transaction at once, and an export right after runs whole.
      const entry = ok(await admin.post(`/tickets/${w.ticketB.id}/timesheets`, { date: '2026-07-01', minutes: 5, description: 'after the cut' }));
      assert.equal((await exported(admin, `/exports/timesheets.csv?teamId=${s.team.id}`)).length, BULK);
      const deleted = await admin.delete(`/timesheets/${entry.id}`);
      assert.equal(deleted.status, 204);
    });
});
