// Issue 12, R72: the invoice PDF says how to pay (IBAN, BIC, payment terms) and carries the
// company's logo; bank details and terms are frozen with a posted invoice (R43).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.ts';
import { apiAs, ok, refuses, type ApiClient, type Reply } from './api.ts';
import { forEachDatabase, refusal } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';
import { GIF_BYTES, jpegImage, pdfImageWidths, pngImage } from './images.ts';

const hasPoppler = !spawnSync('pdftotext', ['-v']).error;

/** The PDF's text, whitespace squashed; or the test is skipped (not passed) without poppler. */
function pdfText(t: TestContext, pdf: Buffer): string | null {
  if (!hasPoppler) {
    t.skip('pdftotext (poppler-utils) is not installed');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-pdf-'));
  try {
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'invoice.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PUT /company/logo with raw bytes and whatever content type the client claims. */
async function putLogo(client: ApiClient, bytes: Buffer, contentType = 'image/png'): Promise<Reply> {
  const raw = await client.inject({ method: 'PUT', url: '/api/v1/company/logo', payload: bytes, headers: { 'content-type': contentType } });
  return { status: raw.statusCode, body: raw.json(), headers: raw.headers, raw };
}

forEachDatabase('invoice payment details and logo', (ctx) => {
  let admin: ApiClient;
  before(async () => {
    admin = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R72: IBAN, BIC and payment terms are set on the company; a bad IBAN or BIC is 400 naming the field, nothing changed', async () => {
    const company = ok(await admin.patch('/company', { iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', paymentTermsText: '  Payment within 30 days by bank transfer  ' }));
    assert.deepEqual([company.iban, company.bic, company.paymentTermsText], ['DE89370400440532013000', 'COBADEFFXXX', 'Payment within 30 days by bank transfer']);
    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ iban: 'NL06ABNA04171643001' }, 'iban', /NL has 18 characters, not 19/],
      [{ iban: 'US64SVBKUS6S3300958879' }, 'iban', /US is not a country that issues IBANs/],
      [{ iban: 'DE89370400440532013001' }, 'iban', /mod-97/],
      [{ bic: 'COBADEFFXX' }, 'bic', /8 or 11/],
      [{ bic: 'COBAXXFF' }, 'bic', /8 or 11/],
      [{ paymentTermsText: 'x'.repeat(501) }, 'paymentTermsText', /500/],
    ];
    for (const [body, field, message] of bad) {
      const refused = await refuses(admin, () => admin.patch('/company', body), 400, 'VALIDATION_FAILED', ['/company']);
      const detail = refused.error.details.find((d: { path: string }) => d.path === field);
      assert.ok(detail, `${field}: ${JSON.stringify(refused.error.details)}`);
      assert.match(detail.message, message);
    }
    const agent = await apiAs(ctx.t.database.db, 'agent', admin.app);
    assert.equal((await agent.patch('/company', { paymentTermsText: 'Pay me' })).status, 403);
  });

  test('R72: the logo is a PNG or JPEG by its bytes, whatever the content type claims; anything else is refused and the logo stays', async () => {
    const png = pngImage(200, 50);
    const set = ok(await putLogo(admin, png, 'application/octet-stream'));
    assert.deepEqual([set.mediaType, set.size], ['image/png', png.length]);
    const read = await admin.get('/company/logo');
    assert.equal(read.status, 200);
    assert.equal(read.headers['content-type'], 'image/png');
    assert.deepEqual(read.body, png);
    const head = await admin.inject({ method: 'HEAD', url: '/api/v1/company/logo' });
    assert.equal(head.statusCode, 200, 'the settings page asks HEAD whether there is a logo');
    assert.equal(head.headers.etag, read.headers.etag);

    const refusals: Array<[Buffer, string, number, string]> = [
      [GIF_BYTES, 'image/png', 415, 'LOGO_NOT_PNG_OR_JPEG'], // a GIF claiming to be a PNG
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 415, 'LOGO_NOT_PNG_OR_JPEG'],
      [Buffer.from('not an image at all'), 'image/jpeg', 415, 'LOGO_NOT_PNG_OR_JPEG'],
      [Buffer.from(JSON.stringify({ logo: 'x' })), 'application/json', 415, 'LOGO_NOT_PNG_OR_JPEG'],
      [Buffer.alloc(0), 'image/png', 415, 'LOGO_NOT_PNG_OR_JPEG'],
      [Buffer.concat([png, Buffer.alloc(512 * 1024)]), 'image/png', 413, 'LOGO_TOO_LARGE'], // a PNG, but over 512 KB
    ];
    for (const [bytes, type, status, code] of refusals) {
      await refuses(admin, () => putLogo(admin, bytes, type), status, code, ['/company/logo']);
    }
    const jpeg = jpegImage();
    assert.equal(ok(await putLogo(admin, jpeg, 'image/png')).mediaType, 'image/jpeg');
    assert.equal((await admin.get('/company/logo')).headers['content-type'], 'image/jpeg');

    const agent = await apiAs(ctx.t.database.db, 'agent', admin.app);
    assert.equal((await agent.get('/company/logo')).status, 200, 'staff see the logo');
    assert.equal((await putLogo(agent, png)).status, 403);
    assert.equal((await agent.delete('/company/logo')).status, 403);
    assert.equal((await admin.delete('/company/logo')).status, 204);
    assert.equal((await admin.get('/company/logo')).status, 404);
    assert.equal((await admin.inject({ method: 'HEAD', url: '/api/v1/company/logo' })).statusCode, 404);
    assert.equal((await admin.delete('/company/logo')).status, 204, 'removing no logo is fine');
  });

  test('R72: the PDF prints the terms, IBAN and BIC and draws the logo; a posted invoice keeps them after the settings change, a draft follows', async (t) => {
    ok(await admin.patch('/company', { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', paymentTermsText: 'Payment within 30 days by bank transfer' }));
    ok(await putLogo(admin, pngImage(240, 60)));
    const setup = await createBillingSetup(admin);
    await logMinutes(admin, setup.ticket.id, [60]);
    const posted = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
    await logMinutes(admin, setup.ticket.id, [30]);
    const draft = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const postedPdf = async () => (await admin.get(`/invoices/${posted.id}/pdf`)).raw.rawPayload;
    const before = await postedPdf();

    ok(await admin.patch('/company', { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', paymentTermsText: 'Payable on receipt' }));
    const after = pdfText(t, await postedPdf());
    if (after === null) return;
    for (const text of [pdfText(t, before)!, after]) {
      assert.ok(text.includes('Payment within 30 days by bank transfer'), text);
      assert.ok(text.includes('IBAN NL91 ABNA 0417 1643 00') && text.includes('BIC ABNANL2A'), text);
      assert.ok(!text.includes('DE89') && !text.includes('Payable on receipt'));
    }
    const draftText = pdfText(t, (await admin.get(`/invoices/${draft.id}/pdf`)).raw.rawPayload)!;
    assert.ok(draftText.includes('Payable on receipt') && draftText.includes('IBAN DE89 3704 0044 0532 0130 00') && draftText.includes('BIC COBADEFFXXX'), draftText);
    assert.deepEqual(pdfImageWidths(before), [240], 'the logo is drawn');
    ok(await admin.delete('/company/logo'));
    assert.deepEqual(pdfImageWidths(await postedPdf()), [240], 'the posted invoice keeps its logo once it is removed (decision 0043)');
    assert.deepEqual(pdfImageWidths((await admin.get(`/invoices/${draft.id}/pdf`)).raw.rawPayload), [], 'a draft has none');
  });

  test('R43/R72: a posted document draws the logo version it was posted with, a draft the current logo; identical bytes are one version (decision 0043)', async () => {
    const db = ctx.t.database.db;
    const logoA = pngImage(200, 50);
    const logoB = pngImage(100, 30, [200, 40, 40], [250, 200, 60]);
    const earlier = await queryRows<{ id: number }>(db, sql`SELECT id FROM company_logo_versions`);
    const versions = async () => (await queryRows<{ id: number }>(db, sql`SELECT id FROM company_logo_versions WHERE id > ${Math.max(0, ...earlier.map((r) => Number(r.id)))} ORDER BY id`)).map((r) => Number(r.id));
    const logoOf = async (invoiceId: string) => {
      const [row] = await queryRows<{ company_logo_id: number | null }>(db, sql`SELECT company_logo_id FROM invoices WHERE id = ${invoiceId}`);
      return row!.company_logo_id === null ? null : Number(row!.company_logo_id);
    };
    const pdfWidths = async (invoiceId: string) => pdfImageWidths((await admin.get(`/invoices/${invoiceId}/pdf`)).raw.rawPayload);
    const setup = await createBillingSetup(admin);
    const invoiceNow = async (post: boolean) => {
      await logMinutes(admin, setup.ticket.id, [60]);
      return ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, post ? { post: true } : {}));
    };

    ok(await putLogo(admin, logoA));
    const [versionA] = await versions();
    const invoice1 = await invoiceNow(true);
    ok(await putLogo(admin, logoB));
    const invoice2 = await invoiceNow(true);
    assert.equal((await versions()).length, 2, 'A stays: invoice 1 refers to it');
    const versionB = (await versions())[1]!;
    ok(await admin.delete('/company/logo'));
    const draft3 = await invoiceNow(false);
    assert.deepEqual([await logoOf(invoice1.id), await logoOf(invoice2.id), await logoOf(draft3.id)], [versionA, versionB, null]);
    assert.deepEqual(await pdfWidths(invoice1.id), [200], 'invoice 1 keeps logo A');
    assert.deepEqual(await pdfWidths(invoice2.id), [100], 'invoice 2 keeps logo B, removed since');
    assert.deepEqual(await pdfWidths(draft3.id), [], 'the draft follows the company: no logo');
    assert.deepEqual(await versions(), [versionA, versionB], 'removing the logo keeps B: invoice 2 refers to it');

    // A logo no posted document refers to goes when it is replaced; the same bytes again are the same version.
    ok(await putLogo(admin, pngImage(50, 20)));
    const versionC = (await versions())[2]!;
    const reuploaded = ok(await putLogo(admin, Buffer.from(logoA)));
    assert.equal(reuploaded.mediaType, 'image/png');
    assert.deepEqual(await versions(), [versionA, versionB], 'C went (nothing refers to it); A is reused, not copied');
    assert.ok(versionC > versionB);
    assert.deepEqual((await admin.get('/company/logo')).raw.rawPayload, logoA);
    assert.deepEqual(await pdfWidths(draft3.id), [200], 'the draft follows the company: logo A again');
    ok(await admin.post(`/invoices/${draft3.id}/post`, {}));
    assert.equal(await logoOf(draft3.id), versionA);

    // The database keeps it so, whoever asks.
    const run = (statement: SQL) => queryRows(db, statement);
    for (const value of [null, versionB]) {
      assert.deepEqual(await refusal(run(sql`UPDATE invoices SET company_logo_id = ${value} WHERE id = ${invoice1.id}`)), { code: 'P0001', hint: 'INVOICE_POSTED' });
    }
    assert.equal((await refusal(run(sql`DELETE FROM company_logo_versions WHERE id = ${versionB}`))).code, '23503', 'a version a posted document refers to stays');
    assert.deepEqual(await refusal(run(sql`UPDATE company_logo_versions SET content = ${logoB} WHERE id = ${versionA}`)), { code: 'P0001', hint: 'CONFLICT' });
    const draft4 = await invoiceNow(false);
    assert.equal((await refusal(run(sql`UPDATE invoices SET company_logo_id = ${versionA} WHERE id = ${draft4.id}`))).code, '23514', 'a draft has no logo version');
    assert.deepEqual(await pdfWidths(invoice1.id), [200]);
    ok(await admin.delete(`/invoices/${draft4.id}`));
    ok(await admin.delete('/company/logo'));
  });
});
