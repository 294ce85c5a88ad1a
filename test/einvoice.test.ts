// Issue 11: e-invoices (decision 0026). Every posted invoice and credit note of the demo data, as
// UBL 2.1 (Peppol BIS Billing 3.0) and as Factur-X (the CII XML taken out of the produced PDF), is
// checked against the official artefacts vendored in vendor/einvoice: the XSD with libxml2, the
// EN 16931 and Peppol Schematron with SaxonJS. Zero failed asserts flagged fatal, or the test
// prints them. Then the refusals (409, 422 naming the fields) and proof that the validators catch
// a broken document.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { seedDemo } from '../src/demo/seed.ts';
import { apiAs, ok, refuses, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { compiledRuleSet, fatalReport, schematron, xsdErrors, type RuleSet, type Schema } from './einvoice-validators.ts';
import { buildCompany, createBillingSetup, logMinutes } from './factories.ts';

const hasPoppler = !spawnSync('pdfdetach', ['-v']).error;

/** Runs the three rule sets' compile (cached) before any test needs them: about 2 minutes the first time. */
before(() => {
  for (const name of ['en16931-ubl', 'en16931-cii', 'peppol-ubl'] as RuleSet[]) compiledRuleSet(name);
});

/** XSD errors and fatal failed asserts of a document, as one report ('' when valid). */
function problems(xml: string, schema: Schema, ruleSets: RuleSet[]): string {
  const report: string[] = xsdErrors(schema, xml).map((e) => `XSD ${e}`);
  for (const set of ruleSets) {
    const fatal = fatalReport(schematron(set, xml));
    if (fatal) report.push(`${set}:\n${fatal}`);
  }
  return report.join('\n');
}

/** The poppler tools on a PDF in a temporary folder: what `run` returns. */
function withPdf<T>(pdf: Buffer, run: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-facturx-'));
  try {
    const file = join(dir, 'invoice.pdf');
    writeFileSync(file, pdf);
    return run(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const tool = (name: string, args: string[]): string => execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

async function allInvoices(api: ApiClient, query: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: any[]; nextCursor: string | null } = ok(await api.get(`/invoices?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

forEachDatabase('e-invoices of the demo data', (ctx) => {
  let api: ApiClient;
  let posted: any[];

  before(async () => {
    await seedDemo(ctx.t.database.db);
    api = await apiAs(ctx.t.database.db, 'accountant');
    posted = await allInvoices(api, 'state=posted');
  });

  test('the demo has posted invoices and credit notes to check', () => {
    assert.ok(posted.some((i) => i.kind === 'invoice'));
    assert.ok(posted.some((i) => i.kind === 'credit_note'));
  });

  test('R62: UBL of every posted demo invoice and credit note: UBL 2.1 XSD, EN 16931 and Peppol BIS 3 rules, zero fatal', async (t) => {
    const failures: string[] = [];
    const rounding: string[] = [];
    for (const invoice of posted) {
      const reply = await api.get(`/invoices/${invoice.id}/ubl`);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.match(String(reply.headers['content-type']), /^application\/xml/);
      assert.equal(reply.headers['content-disposition'], `attachment; filename="${invoice.number.replaceAll('/', '-')}.xml"`);
      const xml = reply.raw.payload;
      const credit = invoice.kind === 'credit_note';
      assert.ok(xml.includes(credit ? '<CreditNote xmlns=' : '<Invoice xmlns='));
      // The document's totals are the posted ones, exactly.
      assert.ok(xml.includes(`<cbc:PayableAmount currencyID="${invoice.currency}">${invoice.amountTotal}</cbc:PayableAmount>`), invoice.number);
      assert.ok(xml.includes(`<cbc:TaxExclusiveAmount currencyID="${invoice.currency}">${invoice.amountUntaxed}</cbc:TaxExclusiveAmount>`), invoice.number);
      const report = problems(xml, credit ? 'ubl-credit-note' : 'ubl-invoice', ['en16931-ubl', 'peppol-ubl']);
      if (report) failures.push(`${invoice.number}:\n${report}`);
      // Our lines round their tax one by one (R4); EN 16931 rounds each category's sum (BR-S-09, checked to within 1.00).
      for (const [, taxable, tax, rate] of xml.matchAll(/<cac:TaxSubtotal>\s*<cbc:TaxableAmount[^>]*>([\d.]+)<\/cbc:TaxableAmount>\s*<cbc:TaxAmount[^>]*>([\d.]+)<\/cbc:TaxAmount>\s*<cac:TaxCategory>\s*<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>([\d.]+)</g)) {
        const perCategory = new Decimal(taxable!).times(rate!).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
        if (perCategory !== tax) rounding.push(`${invoice.number}: ${tax} charged, ${perCategory} by category`);
      }
    }
    t.diagnostic(`${posted.length} documents; VAT rounded per line differs from per category on ${rounding.length}: ${rounding.join('; ')}`);
    assert.equal(failures.join('\n\n'), '', 'every UBL document validates');
  });

  test('R62: Factur-X PDF of every posted demo document: PDF/A-3b with factur-x.xml (Alternative), whose CII passes the D16B XSD and the EN 16931 rules', async (t) => {
    if (!hasPoppler) return t.skip('poppler-utils (pdfdetach, pdffonts, pdfinfo) is not installed');
    const failures: string[] = [];
    for (const invoice of posted) {
      const reply = await api.get(`/invoices/${invoice.id}/pdf?format=facturx`);
      assert.equal(reply.status, 200, String(reply.body));
      assert.equal(reply.headers['content-type'], 'application/pdf');
      const pdf = reply.raw.rawPayload;
      const { xml, attachments, fonts, meta } = withPdf(pdf, (file, dir) => {
        tool('pdfdetach', ['-save', '1', '-o', join(dir, 'out.xml'), file]);
        return { xml: readFileSync(join(dir, 'out.xml'), 'utf8'), attachments: tool('pdfdetach', ['-list', file]), fonts: tool('pdffonts', [file]), meta: tool('pdfinfo', ['-meta', file]) };
      });
      assert.match(attachments, /^1 embedded files\n1: factur-x\.xml$/m);
      // Every font is embedded (the "emb" column), none of the 14 standard ones.
      const fontRows = fonts.trim().split('\n').slice(2);
      assert.ok(fontRows.length > 0 && fontRows.every((row) => /DejaVuSans/.test(row) && / yes +yes +(yes|no) /.test(row)), fonts);
      assert.match(meta, /<pdfaid:part>3<\/pdfaid:part>/);
      assert.match(meta, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
      assert.match(meta, /<fx:DocumentFileName>factur-x\.xml<\/fx:DocumentFileName>/);
      assert.match(meta, /<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
      assert.match(meta, /<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#<\/pdfaSchema:namespaceURI>/);
      const raw = pdf.toString('latin1');
      assert.match(raw, /\/AFRelationship \/Alternative/);
      assert.match(raw, /\/AF \[/);
      assert.match(raw, /\/OutputIntents \[/);
      assert.match(raw, /\/S \/GTS_PDFA1/);
      assert.match(raw, /\/Subtype \/text#2Fxml/i);
      assert.match(raw, /%PDF-1\.7/);
      assert.ok(xml.includes(`<ram:DuePayableAmount>${invoice.amountTotal}</ram:DuePayableAmount>`), invoice.number);
      const report = problems(xml, 'cii', ['en16931-cii']);
      if (report) failures.push(`${invoice.number}:\n${report}`);
    }
    assert.equal(failures.join('\n\n'), '', 'every Factur-X XML validates');
  });

  test('R62: the validators catch a broken document: a tampered total fails BR-CO-15, a missing buyer endpoint fails PEPPOL-EN16931-R010', async () => {
    const invoice = posted.find((i) => i.kind === 'invoice');
    const xml = (await api.get(`/invoices/${invoice.id}/ubl`)).raw.payload;
    const tampered = xml.replace(/<cbc:TaxInclusiveAmount currencyID="EUR">([\d.]+)</, (_m: string, v: string) => `<cbc:TaxInclusiveAmount currencyID="EUR">${(Number(v) + 1).toFixed(2)}<`);
    assert.notEqual(tampered, xml);
    const en = schematron('en16931-ubl', tampered).filter((f) => f.flag === 'fatal').map((f) => f.id);
    assert.ok(en.includes('BR-CO-15'), en.join(', '));
    const noEndpoint = xml.replace(/(<cac:AccountingCustomerParty>\s*<cac:Party>\s*)<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>/, '$1');
    assert.notEqual(noEndpoint, xml);
    const peppol = schematron('peppol-ubl', noEndpoint).filter((f) => f.flag === 'fatal').map((f) => f.id);
    assert.ok(peppol.includes('PEPPOL-EN16931-R010'), peppol.join(', '));
    const misplaced = xml.replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, '');
    assert.notDeepEqual(xsdErrors('ubl-invoice', misplaced), []);
    const cii = withPdf((await api.get(`/invoices/${invoice.id}/pdf?format=facturx`)).raw.rawPayload, (file, dir) => {
      tool('pdfdetach', ['-save', '1', '-o', join(dir, 'out.xml'), file]);
      return readFileSync(join(dir, 'out.xml'), 'utf8');
    });
    const brokenCii = cii.replace(/<ram:GrandTotalAmount>([\d.]+)</, (_m: string, v: string) => `<ram:GrandTotalAmount>${(Number(v) + 1).toFixed(2)}<`);
    assert.ok(schematron('en16931-cii', brokenCii).some((f) => f.flag === 'fatal' && f.id === 'BR-CO-15'));
  });

  test('R62: a draft has no e-invoice: 409 INVOICE_NOT_POSTED', async () => {
    const [draft] = await allInvoices(api, 'state=draft');
    assert.ok(draft, 'the demo has a draft');
    await refuses(api, () => api.get(`/invoices/${draft.id}/ubl`), 409, 'INVOICE_NOT_POSTED', [`/invoices/${draft.id}`]);
    await refuses(api, () => api.get(`/invoices/${draft.id}/pdf?format=facturx`), 409, 'INVOICE_NOT_POSTED', [`/invoices/${draft.id}`]);
    assert.equal((await api.get(`/invoices/${draft.id}/pdf`)).status, 200, 'the plain PDF of a draft still works');
  });
});

forEachDatabase('e-invoices of incomplete parties', (ctx) => {
  let admin: ApiClient;
  before(async () => {
    admin = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R62: posting works without the e-invoice fields, the e-invoice answers 422 EINVOICE_INCOMPLETE naming each record, field and rule; completing the records fixes it', async () => {
    ok(await admin.patch('/company', { name: 'Seller BV', street: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'nl', vatId: null }));
    const setup = await createBillingSetup(admin);
    await logMinutes(admin, setup.ticket.id, [95, 20]);
    const invoice = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
    assert.equal(invoice.state, 'posted');
    assert.equal((await admin.get(`/invoices/${invoice.id}/pdf`)).status, 200);
    const refused = await refuses(admin, () => admin.get(`/invoices/${invoice.id}/ubl`), 422, 'EINVOICE_INCOMPLETE', [`/invoices/${invoice.id}`, '/company']);
    const paths = refused.error.details.map((d: { path: string }) => d.path);
    for (const path of ['company.vatId', 'company.peppolEndpointId', 'company.registrationId', 'company.iban', 'customer.peppolEndpointId', 'customer.address.country']) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
    const vat = refused.error.details.find((d: { path: string }) => d.path === 'company.vatId');
    assert.match(vat.message, /BR-S-02/);
    assert.match(refused.error.details.find((d: { path: string }) => d.path === 'customer.peppolEndpointId').message, /PEPPOL-EN16931-R010/);
    assert.equal((await admin.get(`/invoices/${invoice.id}/pdf?format=facturx`)).status, 422);

    // A company without a country: the detail names the field of the company settings (top level), not a customer's address.
    ok(await admin.patch('/company', { country: null }));
    const other = await createBillingSetup(admin);
    await logMinutes(admin, other.ticket.id, [30]);
    const countryless = ok(await admin.post(`/sale-orders/${other.order.id}/invoices`, { post: true }));
    const noCountry = await admin.get(`/invoices/${countryless.id}/ubl`);
    assert.ok(noCountry.body.error.details.some((d: { path: string }) => d.path === 'company.country'), JSON.stringify(noCountry.body));
    ok(await admin.patch('/company', { country: 'NL' }));

    // The snapshot posted with the invoice has no VAT id: the company's, once given, fills it; and the identifiers come from the records.
    ok(await admin.patch('/company', { vatId: 'NL859123456B01', registrationId: '34123456', registrationScheme: '0106', peppolEndpointId: '34123456', peppolEndpointScheme: '0106', iban: 'nl91 abna 0417 1643 00', bic: 'abnanl2a' }));
    ok(await admin.patch(`/customers/${setup.customer.id}`, { address: { street: 'Hauptstr. 5', city: 'Berlin', postalCode: '10115', country: 'DE' }, vatId: 'DE123456789', peppolEndpointScheme: '9930', peppolEndpointId: 'DE123456789' }));
    const reply = await admin.get(`/invoices/${invoice.id}/ubl`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(problems(reply.raw.payload, 'ubl-invoice', ['en16931-ubl', 'peppol-ubl']), '');
    assert.ok(reply.raw.payload.includes('<cbc:ID>NL91ABNA0417164300</cbc:ID>'));
    assert.ok(reply.raw.payload.includes('<cbc:InvoicedQuantity unitCode="HUR">'));
  });

  test('R62: a zero rate between EU countries is the reverse charge (AE, VATEX-EU-AE); elsewhere exempt (E) with its reason', async () => {
    const setup = await createBillingSetup(admin, { product: { taxRate: '0', unit: 'day', unitPrice: '640.00' } });
    ok(await admin.patch(`/customers/${setup.customer.id}`, { address: { street: 'Rue Haute 1', city: 'Bruxelles', postalCode: '1000', country: 'BE' }, vatId: 'BE0403019261', peppolEndpointScheme: '0208', peppolEndpointId: '0403019261' }));
    await logMinutes(admin, setup.ticket.id, [240]);
    const invoice = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
    const xml = (await admin.get(`/invoices/${invoice.id}/ubl`)).raw.payload;
    assert.equal(problems(xml, 'ubl-invoice', ['en16931-ubl', 'peppol-ubl']), '');
    assert.match(xml, /<cbc:ID>AE<\/cbc:ID>\s*<cbc:Percent>0.00<\/cbc:Percent>\s*<cbc:TaxExemptionReasonCode>VATEX-EU-AE<\/cbc:TaxExemptionReasonCode>/);
    assert.ok(xml.includes('<cbc:InvoicedQuantity unitCode="DAY">'));

    const domestic = await createBillingSetup(admin, { product: { taxRate: '0' } });
    ok(await admin.patch(`/customers/${domestic.customer.id}`, { address: { street: 'Coolsingel 40', city: 'Rotterdam', postalCode: '3011 AD', country: 'NL' }, peppolEndpointScheme: '0088', peppolEndpointId: '8012345000012' }));
    await logMinutes(admin, domestic.ticket.id, [60]);
    const exempt = ok(await admin.post(`/sale-orders/${domestic.order.id}/invoices`, { post: true }));
    const exemptXml = (await admin.get(`/invoices/${exempt.id}/ubl`)).raw.payload;
    assert.equal(problems(exemptXml, 'ubl-invoice', ['en16931-ubl', 'peppol-ubl']), '');
    assert.match(exemptXml, /<cbc:ID>E<\/cbc:ID>\s*<cbc:Percent>0.00<\/cbc:Percent>\s*<cbc:TaxExemptionReason>Exempt from VAT<\/cbc:TaxExemptionReason>/);
  });

  test('R66: the category comes from the line\'s tax: outside scope is O with its reason and no VAT id on the document (BR-O-02); zero rate is Z', async () => {
    const taxes = ok(await admin.get('/taxes')).items as Array<{ id: string; category: string }>;
    const taxOf = (category: string) => taxes.find((t) => t.category === category)!.id;
    /** The valid UBL of a posted invoice for 60 minutes on a line given that tax, for a customer so changed. */
    const ublWithTax = async (customer: Record<string, unknown>, category: string) => {
      const setup = await createBillingSetup(admin);
      ok(await admin.patch(`/customers/${setup.customer.id}`, customer));
      ok(await admin.patch(`/sale-order-lines/${setup.lineId}`, { taxId: taxOf(category) }));
      await logMinutes(admin, setup.ticket.id, [60]);
      const invoice = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
      const xml = (await admin.get(`/invoices/${invoice.id}/ubl`)).raw.payload;
      assert.equal(problems(xml, 'ubl-invoice', ['en16931-ubl', 'peppol-ubl']), '');
      return xml;
    };
    const xml = await ublWithTax({ address: { street: '1 Main St', city: 'Boston', postalCode: '02108', country: 'US' }, peppolEndpointScheme: '0088', peppolEndpointId: '8012345000012' }, 'outside_scope');
    assert.match(xml, /<cbc:ID>O<\/cbc:ID>\s*<cbc:TaxExemptionReasonCode>VATEX-EU-O<\/cbc:TaxExemptionReasonCode>/);
    assert.ok(!xml.includes('NL859123456B01'), 'no seller VAT id on a document outside the scope of VAT');
    const zeroXml = await ublWithTax({ address: { street: 'Coolsingel 40', city: 'Rotterdam', postalCode: '3011 AD', country: 'NL' }, peppolEndpointScheme: '0088', peppolEndpointId: '8012345000012' }, 'zero');
    assert.match(zeroXml, /<cbc:ID>Z<\/cbc:ID>\s*<cbc:Percent>0.00<\/cbc:Percent>/);
  });

  test('R62: the identifiers are checked when written: country code, EAS scheme, check digits, IBAN mod 97, BIC (400 naming the field, nothing changed)', async () => {
    const customer = ok(await admin.post('/customers', buildCompany()));
    const bad: Array<[string, Record<string, unknown>, string]> = [
      [`/customers/${customer.id}`, { address: { country: 'Netherlands' } }, 'address.country'],
      [`/customers/${customer.id}`, { peppolEndpointScheme: '1234', peppolEndpointId: 'X1' }, 'peppolEndpointScheme'],
      [`/customers/${customer.id}`, { peppolEndpointScheme: '0088', peppolEndpointId: '8012345000013' }, 'peppolEndpointId'],
      [`/customers/${customer.id}`, { peppolEndpointId: '24123456' }, 'peppolEndpointScheme'],
      [`/customers/${customer.id}`, { registrationScheme: '0106' }, 'registrationId'],
      ['/company', { iban: 'NL91ABNA0417164301' }, 'iban'],
      ['/company', { bic: 'ABN' }, 'bic'],
    ];
    for (const [path, body, field] of bad) {
      const refused = await refuses(admin, () => admin.patch(path, body), 400, 'VALIDATION_FAILED', [path]);
      assert.ok(refused.error.details.some((d: { path: string }) => d.path.endsWith(field)), `${field}: ${JSON.stringify(refused.error.details)}`);
    }
    const changed = ok(await admin.patch(`/customers/${customer.id}`, { address: { country: 'be' }, peppolEndpointScheme: '0208', peppolEndpointId: '0403019261', registrationScheme: '0208', registrationId: '0403019261' }));
    assert.equal(changed.address.country, 'BE');
    assert.equal(changed.peppolEndpointId, '0403019261');
    const cleared = ok(await admin.patch(`/customers/${customer.id}`, { peppolEndpointScheme: null, peppolEndpointId: '' }));
    assert.equal(cleared.peppolEndpointId, null);
  });
});
