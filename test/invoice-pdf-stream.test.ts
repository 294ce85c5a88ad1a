// Issue 9: the PDF of an invoice is streamed page by page over real HTTP (no Content-Length, many
// chunks), arrives whole, and a PDF that cannot be made still answers a JSON error.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createApiToken } from '../src/modules/accounts/index.ts';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { createBillingSetup } from './factories.ts';

const ENTRIES = 1200;
const hasPoppler = !spawnSync('pdftotext', ['-v']).error;

function pdfPages(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-pdf-'));
  try {
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'invoice.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\f')
      .filter((page) => page.trim() !== '')
      .map((page) => page.replace(/\s+/g, ' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A GET over a real socket: status, headers, and the body as the chunks that arrived. */
function get(port: number, path: string, token: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/api/v1${path}`, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, chunks }));
    });
    req.on('error', reject);
  });
}

forEachDatabase('invoice PDF stream', (ctx) => {
  let api: ApiClient;
  let portal: ApiClient;
  let port: number;
  let token: string;
  let invoice: { id: string; number: string };

  before(async () => {
    const { db } = ctx.t.database;
    api = await apiAs(db, 'admin');
    const setup = await createBillingSetup(api);
    // 1,200 entries in one statement (the API would take minutes on PGlite), as bench/generate.ts makes them.
    await queryRows(db, sql`
      INSERT INTO timesheets (ticket_id, project_id, user_id, date, minutes, description, billable, sale_order_line_id)
      SELECT ${Number(setup.ticket.id)}, m.project_id, ${Number((api as ApiClient & { userId: string }).userId)}, DATE '2026-01-01' + (g % 300),
             1 + (g * 37) % 240, 'Streamed entry ' || g, true, ${Number(setup.lineId)}
        FROM generate_series(0, ${ENTRIES - 1}) g CROSS JOIN (SELECT project_id FROM teams WHERE id = ${Number(setup.team.id)}) m`);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    assert.equal(draft.lines[0].entries.length, ENTRIES);
    invoice = ok(await api.post(`/invoices/${draft.id}/post`, {}));
    token = (await createApiToken(db, Number((api as ApiClient & { userId: string }).userId), 'stream')).token;
    portal = await apiAs(db, 'customer', api.app, { customerId: setup.customer.id });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(async () => {
    await api?.app.close();
  });

  test('R45: a PDF of 1,200 entries streams over HTTP in many chunks and arrives whole', async (t) => {
    const reply = await get(port, `/invoices/${invoice.id}/pdf`, token);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/pdf');
    assert.equal(reply.headers['content-disposition'], `inline; filename="${invoice.number.replaceAll('/', '-')}.pdf"`);
    assert.equal(reply.headers['content-length'], undefined, 'streamed: no length known in advance');
    assert.equal(reply.headers['transfer-encoding'], 'chunked');
    assert.ok(reply.chunks.length > 10, `sent page by page, got ${reply.chunks.length} chunk(s)`);
    const pdf = Buffer.concat(reply.chunks);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-32).toString('latin1'), /%%EOF\s*$/);
    if (!hasPoppler) return t.skip('pdftotext (poppler-utils) is not installed');
    const pages = pdfPages(pdf);
    assert.ok(pages.length > 20, `many pages, got ${pages.length}`);
    pages.forEach((page, i) => assert.ok(page.includes(`Page ${i + 1} / ${pages.length}`), `footer on page ${i + 1}`));
    const all = pages.join(' ');
    for (const g of [0, 1, ENTRIES - 1]) assert.ok(all.includes(`Streamed entry ${g} `), `entry ${g} printed`);
    assert.ok(all.includes(`Total (${ENTRIES} entries)`));
  });

  test('R45: the portal PDF of the same invoice arrives whole through inject; another invoice answers 404 JSON', async () => {
    const staff = await api.get(`/invoices/${invoice.id}/pdf`);
    const mine = await portal.get(`/portal/invoices/${invoice.id}/pdf`);
    assert.equal(mine.status, 200);
    assert.equal(mine.headers['content-type'], 'application/pdf');
    assert.equal(mine.headers['content-disposition'], staff.headers['content-disposition']);
    assert.match((mine.body as Buffer).subarray(-32).toString('latin1'), /%%EOF\s*$/);
    assert.equal((mine.body as Buffer).length, (staff.body as Buffer).length, 'the same document');
    const unknown = await portal.get('/portal/invoices/987654321/pdf');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
  });

  test('R45: an unknown invoice still answers a 404 in JSON, over HTTP and through inject', async () => {
    const reply = await get(port, '/invoices/987654321/pdf', token);
    assert.equal(reply.status, 404);
    assert.match(String(reply.headers['content-type']), /^application\/json/);
    assert.equal(JSON.parse(Buffer.concat(reply.chunks).toString('utf8')).error.code, 'NOT_FOUND');
    const injected = await api.get('/invoices/987654321/pdf');
    assert.equal(injected.status, 404);
    assert.equal(injected.body.error.code, 'NOT_FOUND');
  });
});
