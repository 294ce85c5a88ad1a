import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { displayAmount, displayMinutes } from '../../core/display.ts';
import { jpegImage, pngImage } from '../../../test/images.ts';
import { invoiceTitle, renderInvoicePdf } from './render-invoice-pdf.ts';
import type { InvoicePdfEntry, InvoicePdfInput, InvoicePdfLine } from './render-invoice-pdf.ts';

const hasPoppler = !spawnSync('pdftotext', ['-v']).error;

/** Marks the test skipped (not passed) when poppler is missing, so nothing passes asserting nothing. */
function skipWithoutPoppler(t: TestContext): boolean {
  if (hasPoppler) return false;
  t.skip('pdftotext (poppler-utils) is not installed');
  return true;
}

/** Runs a poppler tool on the PDF and returns its stdout. */
function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdfimages', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskbill-pdf-'));
  try {
    const file = join(dir, 'invoice.pdf');
    writeFileSync(file, pdf);
    const tail = tool === 'pdftotext' ? [file, '-'] : [file];
    if (tool === 'pdfimages') return execFileSync(tool, ['-list', file], { encoding: 'utf8' });
    return execFileSync(tool, [...args, '-enc', 'UTF-8', ...tail], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const squash = (text: string): string => text.replace(/\s+/g, ' ');

function buildEntry(overrides: Partial<InvoicePdfEntry> = {}): InvoicePdfEntry {
  return {
    date: '2026-03-02',
    agentName: 'Anna Novak',
    ticketNumber: 12,
    ticketSubject: 'Printer offline',
    description: 'Restarted the spooler',
    minutes: 90,
    ...overrides,
  };
}

function buildLine(overrides: Partial<InvoicePdfLine> = {}): InvoicePdfLine {
  return {
    description: 'Support hours – March',
    quantity: '3.50',
    unit: 'hour',
    unitPrice: '80.00',
    taxRate: '21.00',
    subtotal: '280.00',
    taxAmount: '58.80',
    entries: [buildEntry(), buildEntry({ date: '2026-03-05', ticketNumber: 14, description: 'Reset VPN token', minutes: 120 })],
    ...overrides,
  };
}

function buildInput(overrides: Partial<InvoicePdfInput> = {}): InvoicePdfInput {
  return {
    company: { name: 'Deskbill Services BV', street: 'Keizersgracht 1', postalCode: '1015 CJ', city: 'Amsterdam', country: 'Netherlands', vatId: 'NL123456789B01' },
    customer: { name: 'Acme Corp', street: 'Main Street 5', postalCode: '10115', city: 'Berlin', country: 'Germany', vatId: 'DE811907980' },
    kind: 'invoice',
    state: 'posted',
    number: 'INV/2026/00001',
    invoiceDate: '2026-03-31',
    dueDate: '2026-04-30',
    currency: 'EUR',
    saleOrderNumber: 'SO/2026/0042',
    reversedInvoiceNumber: null,
    lines: [buildLine()],
    amountUntaxed: '280.00',
    amountTax: '58.80',
    amountTotal: '338.80',
    ...overrides,
  };
}

test('R45: titles invoices, credit notes and unnumbered drafts', () => {
  assert.equal(invoiceTitle({ kind: 'invoice', number: 'INV/2026/00001' }), 'Invoice INV/2026/00001');
  assert.equal(invoiceTitle({ kind: 'invoice', number: null }), 'Draft invoice');
  assert.equal(invoiceTitle({ kind: 'credit_note', number: null }), 'Draft credit note');
  assert.equal(invoiceTitle({ kind: 'credit_note', number: 'RINV/2026/00001' }), 'Credit note RINV/2026/00001');
});

test('R45: renders an invoice as a valid PDF', async () => {
  const pdf = await renderInvoicePdf(buildInput());
  assert.ok(Buffer.isBuffer(pdf));
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-32).toString('latin1'), /%%EOF\s*$/);
});

test('R45: embeds DejaVu Sans so every script renders', async () => {
  const pdf = await renderInvoicePdf(buildInput());
  assert.ok(pdf.includes('DejaVuSans'), 'DejaVuSans font name in the PDF');
  assert.ok(pdf.includes('DejaVuSans-Bold'), 'DejaVuSans-Bold font name in the PDF');
});

test('R45: shows Latin, Greek and Cyrillic names, the number, totals and every entry', async (t) => {
  const entries = [
    buildEntry({ agentName: 'Дмитрий Иванов', description: 'Переустановил драйвер', minutes: 90 }),
    buildEntry({ agentName: 'Łukasz Żółć', ticketNumber: 7, description: 'Zażółć gęślą jaźń', minutes: 45 }),
    buildEntry({ agentName: 'Ζωή Παπαδοπούλου', ticketNumber: 8, description: 'Έλεγχος αντιγράφων', minutes: 5 }),
  ];
  const input = buildInput({
    customer: { name: 'Ζωή Παπαδοπούλου', street: 'Οδός Ερμού 12', city: 'Αθήνα', postalCode: '105 63', country: 'Ελλάδα', vatId: 'EL094259216' },
    amountUntaxed: '1234.50',
    amountTax: '259.25',
    amountTotal: '1493.75',
    lines: [{ description: 'Поддержка — март', quantity: '2.33', unit: 'hour', unitPrice: '529.83', taxRate: '21.00', subtotal: '1234.50', taxAmount: '259.25', entries }],
  });
  const pdf = await renderInvoicePdf(input);
  if (skipWithoutPoppler(t)) return;
  const text = squash(poppler('pdftotext', pdf));
  for (const expected of [
    'Invoice INV/2026/00001',
    'Ζωή Παπαδοπούλου',
    'Οδός Ερμού 12',
    'Дмитрий Иванов',
    'Łukasz Żółć',
    'Deskbill Services BV',
    'VAT: NL123456789B01',
    'SO/2026/0042',
    '2.33 h',
    '21%',
    '1,234.50 EUR',
    '259.25 EUR',
    '1,493.75 EUR',
    'Time detail',
    '2:20', // line total: 90 + 45 + 5 minutes
    'Page 1 / 1',
  ]) {
    assert.ok(text.includes(expected), `PDF text contains ${expected}`);
  }
  for (const entry of entries) {
    assert.ok(text.includes(entry.description), `PDF text contains ${entry.description}`);
    assert.ok(text.includes(displayMinutes(entry.minutes)), `PDF text contains ${displayMinutes(entry.minutes)}`);
  }
});

test('R45: writes figures exactly as the web app does, beyond 2^53 and in a zero-decimal currency', async (t) => {
  const big = await renderInvoicePdf(
    buildInput({
      lines: [buildLine({ quantity: '1234.50', unit: 'hour', unitPrice: '10004.8125', taxRate: '5.50', subtotal: '12345678.90', entries: [] })],
      amountUntaxed: '12345678901234567.89',
      amountTax: '0.01',
      amountTotal: '12345678901234567.90',
    }),
  );
  const yen = await renderInvoicePdf(buildInput({ currency: 'JPY', lines: [buildLine({ unitPrice: '12000', subtotal: '42000', taxAmount: '4200' })], amountUntaxed: '42000', amountTax: '4200', amountTotal: '46200' }));
  if (skipWithoutPoppler(t)) return;
  const bigText = squash(poppler('pdftotext', big));
  for (const expected of ['1,234.50 h', '10,004.8125', '5.5%', '12,345,678.90', displayAmount('12345678901234567.89', 'EUR'), '12,345,678,901,234,567.90 EUR']) {
    assert.ok(bigText.includes(expected), `PDF text contains ${expected}`);
  }
  const yenText = squash(poppler('pdftotext', yen));
  for (const expected of ['12,000', '42,000', '4,200 JPY', '46,200 JPY']) {
    assert.ok(yenText.includes(expected), `PDF text contains ${expected}`);
  }
});

test('R45: titles drafts and credit notes, in the text and the PDF metadata', async (t) => {
  const credit = await renderInvoicePdf(buildInput({ kind: 'credit_note', number: 'RINV/2026/00001', reversedInvoiceNumber: 'INV/2026/00001' }));
  const draft = await renderInvoicePdf(buildInput({ state: 'draft', number: null, invoiceDate: null, dueDate: null }));
  if (skipWithoutPoppler(t)) return;
  assert.match(poppler('pdfinfo', credit), /^Title:\s+Credit note RINV\/2026\/00001$/m);
  assert.match(poppler('pdfinfo', draft), /^Title:\s+Draft invoice$/m);
  const creditText = squash(poppler('pdftotext', credit));
  assert.ok(creditText.includes('Credit note RINV/2026/00001'));
  assert.ok(creditText.includes('Reverses'));
  assert.ok(creditText.includes('INV/2026/00001'));
  assert.ok(squash(poppler('pdftotext', draft)).includes('Draft invoice'));
});

test('R45: breaks 2,000 entries over several pages with "Page x / n" on each', async (t) => {
  const entries = Array.from({ length: 2000 }, (_, i) =>
    buildEntry({
      date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
      ticketNumber: 1000 + i,
      ticketSubject: `Recurring issue with the mail relay on site ${i}`,
      description: i % 7 === 0 ? `Entry ${i}: investigated the queue, cleared stale locks, rebuilt the index and confirmed with the customer by phone that mail flows again` : `Entry ${i}: routine check`,
      minutes: 15 + (i % 90),
    }),
  );
  const started = Date.now();
  const pdf = await renderInvoicePdf(buildInput({ lines: [buildLine({ entries })] }));
  assert.ok(Date.now() - started < 20_000, 'renders 2,000 entries in reasonable time');
  assert.match(pdf.subarray(-32).toString('latin1'), /%%EOF\s*$/);
  if (skipWithoutPoppler(t)) return;
  const pages = poppler('pdftotext', pdf).split('\f').filter((page) => page.trim() !== '');
  assert.ok(pages.length > 10, `several pages, got ${pages.length}`);
  pages.forEach((page, i) => {
    assert.ok(squash(page).includes(`Page ${i + 1} / ${pages.length}`), `footer on page ${i + 1}`);
    if (i > 0) assert.ok(page.includes('Duration'), `table header repeated on page ${i + 1}`);
  });
  const all = squash(pages.join(' '));
  assert.ok(all.includes('Entry 0:') && all.includes('Entry 1999: routine check'), 'first and last entries present');
});

test('R45: never throws on very long text', async () => {
  const long = 'word '.repeat(3000);
  const unbroken = 'x'.repeat(5000);
  const pdf = await renderInvoicePdf(
    buildInput({
      company: { name: `Company ${long}`, street: unbroken, vatId: unbroken },
      customer: { name: unbroken },
      number: `INV/${unbroken}`,
      saleOrderNumber: unbroken,
      lines: [
        buildLine({
          description: `${long}\n\n\tline with tab\u0000`,
          quantity: '123456789.00',
          unitPrice: '123456789012345.00',
          entries: [buildEntry({ agentName: unbroken, ticketSubject: long, description: `${long}${unbroken}` }), buildEntry({ description: '' })],
        }),
      ],
      amountTotal: '999999999999999999.99',
    }),
  );
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
});

const PAYMENT = { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', termsText: 'Payment within 30 days by bank transfer, quoting the invoice number.' };

test('R72: an invoice says how to pay: terms, IBAN in groups of four, BIC; a credit note does not', async (t) => {
  const invoice = await renderInvoicePdf(buildInput({ payment: PAYMENT }));
  const credit = await renderInvoicePdf(buildInput({ kind: 'credit_note', number: 'RINV/2026/00001', payment: PAYMENT }));
  const none = await renderInvoicePdf(buildInput({ payment: { iban: null, bic: null, termsText: '' } }));
  if (skipWithoutPoppler(t)) return;
  const text = squash(poppler('pdftotext', invoice));
  assert.ok(text.includes('Payment within 30 days by bank transfer, quoting the invoice number.'), text);
  assert.ok(text.includes('IBAN NL91 ABNA 0417 1643 00'), text);
  assert.ok(text.includes('BIC ABNANL2A'), text);
  assert.ok(text.indexOf('Total') < text.indexOf('IBAN'), 'under the totals');
  for (const pdf of [credit, none]) {
    const other = squash(poppler('pdftotext', pdf));
    assert.ok(!other.includes('IBAN') && !other.includes('Payment within'), other);
  }
});

test('R72: a long ticket title and a long line description wrap over lines, whole, and pages still add up', async (t) => {
  const title = 'Printer on the third floor prints every page twice after the driver update of Tuesday and jams on the last sheet';
  const description = `Support hours for the migration of ${'all mailboxes, shared calendars and archives '.repeat(6)}to the new tenant (end)`;
  const entries = Array.from({ length: 120 }, (_, i) => buildEntry({ ticketNumber: 700 + i, ticketSubject: `${title} ${i}`, description: `Step ${i}` }));
  const pdf = await renderInvoicePdf(buildInput({ lines: [buildLine({ description, entries })] }));
  if (skipWithoutPoppler(t)) return;
  const pages = poppler('pdftotext', pdf).split('\f').filter((page) => page.trim() !== '');
  assert.ok(pages.length >= 3, `several pages, got ${pages.length}`);
  pages.forEach((page, i) => assert.ok(squash(page).includes(`Page ${i + 1} / ${pages.length}`), `footer on page ${i + 1}`));
  const all = squash(pages.join(' '));
  assert.ok(!all.replace(/…\s*\(continued\)/g, '').includes('…'), 'nothing is cut with an ellipsis but the "(continued)" label');
  // The titles' words come back in order, each title over several lines of its cell.
  for (const i of [0, 59, 119]) {
    let at = all.indexOf(`#${700 + i} `);
    for (const word of `${title} ${i}`.split(' ')) {
      const found = all.indexOf(word, at);
      assert.ok(found >= 0, `"${word}" of the title of #${700 + i} after position ${at}`);
      at = found;
    }
  }
  assert.ok(all.includes('to the new tenant (end)'), 'the end of the long description');
  assert.ok(all.includes('Step 119'), 'the last entry');
});

test('R72: draws the logo (PNG with transparency, or JPEG) top-left, and the PDF ends whole', async (t) => {
  const png = await renderInvoicePdf(buildInput({ logo: pngImage(300, 60) }));
  const jpeg = await renderInvoicePdf(buildInput({ logo: jpegImage() }));
  const broken = await renderInvoicePdf(buildInput({ logo: Buffer.concat([pngImage(4, 4).subarray(0, 30), Buffer.from('garbage')]) }));
  for (const pdf of [png, jpeg, broken]) assert.match(pdf.subarray(-32).toString('latin1'), /%%EOF\s*$/);
  if (skipWithoutPoppler(t)) return;
  const images = poppler('pdfimages', png);
  assert.match(images, /^\s*1\s+0\s+image\s+300\s+60\s/m, images);
  assert.match(images, /smask\s+300\s+60/, 'the alpha channel as a soft mask');
  assert.match(poppler('pdfimages', jpeg), /^\s*1\s+0\s+image\s+8\s+8\s/m);
  assert.ok(squash(poppler('pdftotext', broken)).includes('Invoice INV/2026/00001'), 'a logo pdfkit cannot read is left out');
});
