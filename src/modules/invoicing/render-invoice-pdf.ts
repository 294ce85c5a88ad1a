// Renders an invoice or credit note as a PDF (R45): parties, lines, totals and the time entries each
// line bills. Pure: a plain object in, a stream of the PDF out. Amounts arrive as decimal strings already
// computed by the billing core; this file writes them with core/display.ts (exactly, as the web app
// does) and never does arithmetic on money. Pages, tables and text wrapping are pdf-layout.ts's.
import { displayAmount, displayDecimal, displayMinutes, displayPercent, displayQuantity } from '../../core/display.ts';
import { countryName } from '../../core/party-ids.ts';
import type { Readable } from 'node:stream';
import { ACCENT, BOLD, CELL_PAD_X, collect, CONTENT_WIDTH, drawTable, ensureSpace, INK, MARGIN, MUTED, put, REGULAR, renderPdf, rule, type Column, type Flow, type PdfArchive, type Row } from './pdf-layout.ts';
import { ellipsize, widthOf, wrap } from './pdf-text.ts';

export interface InvoicePdfParty {
  name: string;
  street?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
  vatId?: string | null;
}

export interface InvoicePdfEntry {
  date: string; // YYYY-MM-DD
  agentName: string;
  ticketNumber: number;
  ticketSubject: string;
  description: string;
  /** R78: the billed minutes the line counts. */
  minutes: number;
  /** R78: the minutes recorded and the multiplier applied, printed beside the description when they differ from what is billed. */
  recordedMinutes?: number | undefined;
  billedMultiplier?: string | undefined;
}

export interface InvoicePdfLine {
  description: string;
  quantity: string;
  unit: 'hour' | 'day' | 'unit';
  unitPrice: string;
  taxRate: string; // percent, e.g. "21.00"
  subtotal: string;
  taxAmount: string;
  entries: InvoicePdfEntry[];
}

/** R72: how the customer pays an invoice: the seller's bank account and the terms text. */
export interface InvoicePdfPayment {
  iban: string | null;
  bic: string | null;
  termsText: string;
}

export interface InvoicePdfInput {
  company: InvoicePdfParty;
  /** R72: PNG or JPEG bytes drawn top-left; absent or null: no logo. */
  logo?: Buffer | null;
  /** R72: printed under the totals of an invoice (not of a credit note). */
  payment?: InvoicePdfPayment | null;
  customer: InvoicePdfParty;
  kind: 'invoice' | 'credit_note';
  state: 'draft' | 'posted';
  number: string | null;
  invoiceDate: string | null;
  dueDate: string | null;
  currency: string; // ISO code like EUR
  saleOrderNumber: string | null;
  reversedInvoiceNumber: string | null;
  lines: InvoicePdfLine[];
  // Decimal strings, already computed: displayed as given.
  amountUntaxed: string;
  amountTax: string;
  amountTotal: string;
  /** R66: the legal mention the lines call for (reverse charge), printed under the totals; null for none. */
  taxMention?: string | null;
}

/** "Invoice INV/2026/00001", "Credit note RINV/2026/00001", or "Draft invoice" when unnumbered. */
export function invoiceTitle(input: Pick<InvoicePdfInput, 'kind' | 'number'>): string {
  const noun = input.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  if (input.number === null || input.number.trim() === '') return `Draft ${noun.toLowerCase()}`;
  return `${noun} ${input.number}`;
}

// ---------- sections ----------

function partyLines(party: InvoicePdfParty): string[] {
  const cityLine = [party.postalCode, party.city].filter((p): p is string => !!p && p.trim() !== '').join(' ');
  const lines = [party.street ?? '', cityLine, countryName(party.country ?? '')].filter((l) => l.trim() !== '');
  if (party.vatId && party.vatId.trim() !== '') lines.push(`VAT: ${party.vatId}`);
  return lines;
}

/** Draws a party block and returns its bottom y. */
function drawParty(flow: Flow, party: InvoicePdfParty, x: number, y: number, width: number, label: string | null): number {
  const { doc } = flow;
  let cursor = y;
  if (label !== null) {
    put(flow, label, x, cursor, { size: 8, color: MUTED });
    cursor += 12;
  }
  for (const line of wrap(doc, BOLD, 11, party.name, width, 3)) {
    put(flow, line, x, cursor, { font: BOLD, size: 11 });
    cursor += 14;
  }
  for (const text of partyLines(party)) {
    for (const line of wrap(doc, REGULAR, 9, text, width, 3)) {
      put(flow, line, x, cursor, { size: 9, color: INK });
      cursor += 12;
    }
  }
  return cursor;
}

/** R72: the logo's box, top-left; the image is scaled to fit it, keeping its proportions. */
const LOGO_BOX = { width: 160, height: 56 };

/** An image pdfkit has read (its PDFImage, which its types do not declare): drawn as is by `doc.image`. */
type LogoImage = { readonly width: number; readonly height: number };
type ImageReader = { openImage(src: Buffer): LogoImage };

/** The logo as pdfkit reads it, or null: a file pdfkit cannot read leaves the document without a logo rather than without a PDF. */
function openLogo(doc: Flow['doc'], logo: Buffer | null | undefined): LogoImage | null {
  if (!logo) return null;
  try {
    return (doc as unknown as ImageReader).openImage(logo);
  } catch {
    return null;
  }
}

/** Draws the logo top-left and returns the y where the parties start. */
function drawLogo(flow: Flow, logo: LogoImage | null): number {
  if (!logo) return MARGIN;
  if (flow.paint) flow.doc.image(logo as unknown as Buffer, MARGIN, MARGIN, { fit: [LOGO_BOX.width, LOGO_BOX.height], valign: 'center' });
  return MARGIN + LOGO_BOX.height + 14;
}

function drawHeading(flow: Flow, input: InvoicePdfInput, title: string, logo: LogoImage | null): void {
  const { doc } = flow;
  const top = drawLogo(flow, logo);
  const companyBottom = drawParty(flow, input.company, MARGIN, top, 240, null);
  const customerX = MARGIN + 290;
  const customerBottom = drawParty(flow, input.customer, customerX, top, CONTENT_WIDTH - 290, input.kind === 'credit_note' ? 'Credited to' : 'Bill to');
  flow.y = Math.max(companyBottom, customerBottom) + 28;

  for (const line of wrap(doc, BOLD, 18, title, CONTENT_WIDTH, 2)) {
    put(flow, line, MARGIN, flow.y, { font: BOLD, size: 18, color: ACCENT });
    flow.y += 24;
  }
  flow.y += 6;

  const meta: [string, string][] = [
    [input.kind === 'credit_note' ? 'Credit note date' : 'Invoice date', input.invoiceDate ?? '—'],
    ['Due date', input.dueDate ?? '—'],
  ];
  if (input.saleOrderNumber) meta.push(['Source', input.saleOrderNumber]);
  if (input.kind === 'credit_note' && input.reversedInvoiceNumber) meta.push(['Reverses', input.reversedInvoiceNumber]);
  const cellWidth = CONTENT_WIDTH / 4;
  meta.forEach(([label, value], i) => {
    const x = MARGIN + i * cellWidth;
    put(flow, label, x, flow.y, { size: 8, color: MUTED });
    put(flow, ellipsize(doc, BOLD, 9.5, value, cellWidth - 10), x, flow.y + 11, { font: BOLD, size: 9.5 });
  });
  flow.y += 40;
}

const LINE_COLUMNS: Column[] = [
  { header: 'Description', width: CONTENT_WIDTH - 290, align: 'left', wrap: true },
  { header: 'Quantity', width: 70, align: 'right', wrap: false },
  { header: 'Unit price', width: 75, align: 'right', wrap: false },
  { header: 'Tax', width: 55, align: 'right', wrap: false },
  { header: 'Amount', width: 90, align: 'right', wrap: false },
];

function* drawLines(flow: Flow, input: InvoicePdfInput): Generator<void, void, void> {
  const rows = input.lines.map((line) => ({
    cells: [line.description, displayQuantity(line.quantity, line.unit), displayDecimal(line.unitPrice), displayPercent(line.taxRate), displayDecimal(line.subtotal)],
  }));
  yield* drawTable(flow, LINE_COLUMNS, rows, { size: 9, lineHeight: 12 });
}

function drawTotals(flow: Flow, input: InvoicePdfInput): void {
  const { doc } = flow;
  const labelWidth = 100;
  const rows: [string, string, string, number][] = [
    ['Untaxed amount', displayAmount(input.amountUntaxed, input.currency), REGULAR, 9.5],
    ['Tax', displayAmount(input.amountTax, input.currency), REGULAR, 9.5],
    ['Total', displayAmount(input.amountTotal, input.currency), BOLD, 11],
  ];
  // The block widens for large amounts rather than cutting them; only absurd ones get an ellipsis.
  const valueWidth = Math.max(...rows.map(([, value, font, size]) => widthOf(doc, font, size, value)));
  const width = Math.min(CONTENT_WIDTH, Math.max(250, labelWidth + valueWidth + 2 * CELL_PAD_X));
  const x = MARGIN + CONTENT_WIDTH - width;
  ensureSpace(flow, 72);
  flow.y += 10;
  rows.forEach(([label, value, font, size], i) => {
    if (i === rows.length - 1) {
      flow.y += 1;
      rule(flow, x, x + width, flow.y - 3, INK, 0.75);
      flow.y += 2;
    }
    const room = width - labelWidth - CELL_PAD_X;
    put(flow, label, x + CELL_PAD_X, flow.y, { font, size });
    put(flow, ellipsize(doc, font, size, value, room), x + labelWidth, flow.y, { font, size, align: 'right', width: room });
    flow.y += 15;
  });
  flow.y += 5;
}

/** "NL91 ABNA 0417 1643 00": an IBAN in groups of four, as it is printed for people to type. */
function groupIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * R72: how to pay an invoice, under the totals: the terms text, then the bank account. Nothing
 * on a credit note, nor when the company has set neither.
 */
function drawPayment(flow: Flow, input: InvoicePdfInput): void {
  const payment = input.payment;
  if (input.kind !== 'invoice' || !payment) return;
  const { doc } = flow;
  const terms = payment.termsText.trim() === '' ? [] : wrap(doc, REGULAR, 9, payment.termsText, CONTENT_WIDTH);
  const account = [payment.iban ? `IBAN ${groupIban(payment.iban)}` : null, payment.bic ? `BIC ${payment.bic}` : null].filter((p): p is string => p !== null).join('   ·   ');
  const accountLines = account === '' ? [] : wrap(doc, REGULAR, 9, account, CONTENT_WIDTH);
  if (terms.length === 0 && accountLines.length === 0) return;
  ensureSpace(flow, 18 + Math.min(terms.length + accountLines.length, 10) * 12);
  flow.y += 6;
  put(flow, 'Payment', MARGIN, flow.y, { font: BOLD, size: 10, color: ACCENT });
  flow.y += 15;
  for (const line of [...terms, ...accountLines]) {
    ensureSpace(flow, 12);
    put(flow, line, MARGIN, flow.y, { size: 9 });
    flow.y += 12;
  }
  flow.y += 4;
}

/** R66: the legal mention (reverse charge) under the totals, across the page. */
function drawMention(flow: Flow, mention: string | null | undefined): void {
  if (!mention) return;
  const lines = wrap(flow.doc, BOLD, 9.5, mention, CONTENT_WIDTH, 4);
  ensureSpace(flow, lines.length * 13 + 6);
  for (const text of lines) {
    put(flow, text, MARGIN, flow.y, { font: BOLD, size: 9.5 });
    flow.y += 13;
  }
  flow.y += 6;
}

const ENTRY_COLUMNS: Column[] = [
  { header: 'Date', width: 57, align: 'left', wrap: false },
  { header: 'Agent', width: 90, align: 'left', wrap: false },
  { header: 'Ticket', width: 121, align: 'left', wrap: true }, // R72: a long title wraps, never cut
  { header: 'Description', width: CONTENT_WIDTH - 57 - 90 - 121 - 50, align: 'left', wrap: true },
  { header: 'Duration', width: 50, align: 'right', wrap: false },
];

/** R78: " (recorded 0:07, × 1.5)" when an entry bills other than what was recorded; empty otherwise. */
function billedNote(entry: InvoicePdfEntry): string {
  const notes: string[] = [];
  if (entry.recordedMinutes !== undefined && entry.recordedMinutes !== entry.minutes) notes.push(`recorded ${displayMinutes(entry.recordedMinutes)}`);
  if (entry.billedMultiplier !== undefined && entry.billedMultiplier !== '1') notes.push(`× ${entry.billedMultiplier}`);
  return notes.length ? `${entry.description ? ' ' : ''}(${notes.join(', ')})` : '';
}

/** The rows of a line's time detail, made as the table reaches them, then its total. */
function* entryRows(entries: InvoicePdfEntry[]): Generator<Row, void, void> {
  let minutes = 0;
  for (const entry of entries) {
    minutes += entry.minutes;
    yield { cells: [entry.date, entry.agentName, `#${entry.ticketNumber} ${entry.ticketSubject}`, entry.description + billedNote(entry), displayMinutes(entry.minutes)] };
  }
  yield { cells: ['', '', '', `Total (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`, displayMinutes(minutes)], isTotal: true };
}

function* drawTimeDetail(flow: Flow, input: InvoicePdfInput): Generator<void, void, void> {
  const { doc } = flow;
  const billed = input.lines.filter((line) => line.entries.length > 0);
  if (billed.length === 0) return;
  const entryStyle = { size: 8, lineHeight: 10.5 };
  flow.y += 18;
  ensureSpace(flow, 90);
  put(flow, 'Time detail', MARGIN, flow.y, { font: BOLD, size: 13, color: ACCENT });
  flow.y += 22;

  for (const line of billed) {
    // R72: the whole description, wrapped; it moves to the next page with the table's first rows
    // when it is short, and breaks between pages line by line when it is longer than one.
    const heading = wrap(doc, BOLD, 10, line.description, CONTENT_WIDTH);
    ensureSpace(flow, Math.min(heading.length * 13, 13 * 20) + 50);
    for (const text of heading) {
      ensureSpace(flow, 13);
      put(flow, text, MARGIN, flow.y, { font: BOLD, size: 10 });
      flow.y += 13;
    }
    flow.y += 3;
    const short = ellipsize(doc, BOLD, 9, line.description, CONTENT_WIDTH - 80);
    const continuation = (f: Flow): void => {
      put(f, `${short} (continued)`, MARGIN, f.y, { font: BOLD, size: 9, color: MUTED });
      f.y += 15;
    };
    yield* drawTable(flow, ENTRY_COLUMNS, entryRows(line.entries), { ...entryStyle, continuation });
    flow.y += 16;
  }
}

/**
 * The invoice or credit note as an A4 PDF, with the time entries billed by each line, as a stream
 * sent page by page. Anything wrong with the input throws here, before the stream exists.
 */
export function streamInvoicePdf(input: InvoicePdfInput, archive?: PdfArchive): Readable {
  const title = invoiceTitle(input);
  let logo: LogoImage | null | undefined; // opened once, in the measuring pass
  return renderPdf({ title, author: input.company.name, footer: `${title} · ${input.company.name}`, archive }, function* (flow) {
    logo ??= openLogo(flow.doc, input.logo);
    drawHeading(flow, input, title, logo);
    yield* drawLines(flow, input);
    drawTotals(flow, input);
    drawMention(flow, input.taxMention);
    drawPayment(flow, input);
    yield* drawTimeDetail(flow, input);
  });
}

/** The same PDF as one Buffer. */
export function renderInvoicePdf(input: InvoicePdfInput, archive?: PdfArchive): Promise<Buffer> {
  try {
    return collect(streamInvoicePdf(input, archive));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
