// Renders an invoice or credit note as a PDF (R45): parties, lines, totals and the time entries each
// line bills. Pure: a plain object in, a Buffer out. Amounts arrive as decimal strings already
// computed by the billing core; this file only formats them and never does arithmetic on money.
// Text is wrapped and paginated here (not by pdfkit) so that tables break cleanly across pages,
// repeat their header, and no text, however long, can overflow or throw.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

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
  minutes: number;
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

export interface InvoicePdfInput {
  company: InvoicePdfParty;
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
}

type Doc = PDFKit.PDFDocument;

const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';
const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN;
const FOOTER_Y = PAGE_HEIGHT - 34;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const INK = '#222222';
const MUTED = '#6b6b6b';
const ACCENT = '#1f3a5f';
const RULE = '#d0d0d0';
const HEADER_FILL = '#eef1f5';

let fontCache: { regular: Buffer; bold: Buffer } | null = null;

/** Reads the DejaVu TTF files once per process; later renders reuse the same Buffers. */
function fonts(): { regular: Buffer; bold: Buffer } {
  if (fontCache === null) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontCache = {
      regular: readFileSync(join(dir, 'DejaVuSans.ttf')),
      bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')),
    };
  }
  return fontCache;
}

// ---------- formatting (string operations only) ----------

/** "1234567.50" → "1,234,567.50"; anything not a plain decimal is shown unchanged. */
export function formatAmount(value: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value.trim());
  if (!match) return value;
  const grouped = (match[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${match[1] ?? ''}${grouped}${match[3] ?? ''}`;
}

/** "21.00" → "21%", "5.50" → "5.5%". */
export function formatTaxRate(rate: string): string {
  const trimmed = rate.trim();
  const clean = /^-?\d+\.\d+$/.test(trimmed) ? trimmed.replace(/0+$/, '').replace(/\.$/, '') : trimmed;
  return `${clean}%`;
}

/** "3.50", 'hour' → "3.50 h"; "2.00", 'day' → "2.00 days"; "1.00", 'unit' → "1.00 unit". */
export function formatQuantity(quantity: string, unit: InvoicePdfLine['unit']): string {
  if (unit === 'hour') return `${quantity} h`;
  const isOne = /^1(\.0*)?$/.test(quantity.trim());
  return `${quantity} ${unit}${isOne ? '' : 's'}`;
}

/** Integer minutes as h:mm: 90 → "1:30", 5 → "0:05", 600 → "10:00". */
export function formatDuration(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const sign = minutes < 0 && total > 0 ? '-' : '';
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** "Invoice INV/2026/00001", "Credit note RINV/2026/00001", or "Draft invoice" when unnumbered. */
export function invoiceTitle(input: Pick<InvoicePdfInput, 'kind' | 'number'>): string {
  const noun = input.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  if (input.number === null || input.number.trim() === '') return `Draft ${noun.toLowerCase()}`;
  return `${noun} ${input.number}`;
}

// ---------- text measuring and wrapping ----------

/** Control characters (tabs, stray CR, NUL…) would render as boxes; newlines are kept. */
function sanitize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/\p{Cc}/gu, (char) => (char === '\n' ? char : ''));
}

function widthOf(doc: Doc, font: string, size: number, text: string): number {
  doc.font(font).fontSize(size);
  return doc.widthOfString(text);
}

/** No glyph of DejaVu Sans is narrower than 0.2 em except zero-width marks, so no line can hold
 * more characters than this; it bounds the searches below and keeps huge strings cheap. */
function maxChars(size: number, width: number): number {
  return Math.ceil(width / (size * 0.2)) + 1;
}

/** Longest prefix (in code points) of `chars` whose width, plus `suffix`, fits in `width`. */
function fittingPrefix(doc: Doc, font: string, size: number, chars: string[], width: number, suffix: string): number {
  let lo = 0;
  let hi = Math.min(chars.length, maxChars(size, width));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widthOf(doc, font, size, chars.slice(0, mid).join('') + suffix) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Cuts text to one line of `width`, ending in "…" when something was cut. */
function ellipsize(doc: Doc, font: string, size: number, text: string, width: number): string {
  const flat = sanitize(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= maxChars(size, width) && widthOf(doc, font, size, flat) <= width) return flat;
  const keep = fittingPrefix(doc, font, size, chars, width, '…');
  return `${chars.slice(0, keep).join('').trimEnd()}…`;
}

/** Wraps text into lines of at most `width`, breaking words longer than a line; never empty. */
function wrap(doc: Doc, font: string, size: number, text: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const paragraph of sanitize(text).split('\n')) {
    let current = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (widthOf(doc, font, size, candidate) <= width) {
        current = candidate;
        continue;
      }
      if (current !== '') lines.push(current);
      // A word wider than the line (a URL, a hash) is broken wherever it must be.
      let chars = Array.from(word);
      for (;;) {
        const keep = Math.max(1, fittingPrefix(doc, font, size, chars, width, ''));
        if (keep >= chars.length) break;
        lines.push(chars.slice(0, keep).join(''));
        chars = chars.slice(keep);
      }
      current = chars.join('');
    }
    lines.push(current);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    const last = kept.length - 1;
    kept[last] = ellipsize(doc, font, size, `${kept[last] ?? ''}…`, width);
    return kept;
  }
  return lines;
}

// ---------- page flow ----------

interface Flow {
  doc: Doc;
  y: number;
}

function newPage(flow: Flow): void {
  flow.doc.addPage();
  flow.y = MARGIN;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
function ensureSpace(flow: Flow, height: number): boolean {
  if (flow.y + height <= CONTENT_BOTTOM) return false;
  newPage(flow);
  return true;
}

/** Draws one line of text at an exact position, bypassing pdfkit's own wrapping and paging. */
function put(doc: Doc, text: string, x: number, y: number, opts: { font?: string; size?: number; color?: string; align?: 'left' | 'right'; width?: number } = {}): void {
  const font = opts.font ?? REGULAR;
  const size = opts.size ?? 9;
  const left = opts.align === 'right' && opts.width !== undefined ? x + opts.width - widthOf(doc, font, size, text) : x;
  doc.font(font).fontSize(size).fillColor(opts.color ?? INK);
  doc.text(text, left, y, { lineBreak: false });
}

function rule(doc: Doc, x1: number, x2: number, y: number, color = RULE, width = 0.5): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

// ---------- tables ----------

interface Column {
  header: string;
  width: number;
  align: 'left' | 'right';
  wrap: boolean; // false: one line, cut with an ellipsis
}

interface Row {
  cells: string[];
  isTotal?: boolean;
}

interface TableStyle {
  size: number;
  lineHeight: number;
  /** Drawn at the top of each continuation page, before the repeated header. */
  continuation?: (flow: Flow) => void;
}

function drawHeader(flow: Flow, columns: Column[], style: TableStyle): void {
  const { doc } = flow;
  const height = style.lineHeight + 2 * CELL_PAD_Y + 1;
  doc.save().rect(MARGIN, flow.y, CONTENT_WIDTH, height).fill(HEADER_FILL).restore();
  let x = MARGIN;
  for (const column of columns) {
    const label = ellipsize(doc, BOLD, style.size, column.header, column.width - 2 * CELL_PAD_X);
    put(doc, label, x + CELL_PAD_X, flow.y + CELL_PAD_Y + 1, { font: BOLD, size: style.size, align: column.align, width: column.width - 2 * CELL_PAD_X });
    x += column.width;
  }
  flow.y += height;
}

/** Draws rows under a header; a row that does not fit moves to a new page (header repeated),
 * and a row taller than a whole page is split between pages line by line. */
function drawTable(flow: Flow, columns: Column[], rows: Row[], style: TableStyle): void {
  const { doc } = flow;
  const headerHeight = style.lineHeight + 2 * CELL_PAD_Y + 1;
  const pageRoom = CONTENT_BOTTOM - MARGIN - headerHeight - 40; // 40: room for a continuation title
  const continuePage = (): void => {
    newPage(flow);
    style.continuation?.(flow);
    drawHeader(flow, columns, style);
  };
  ensureSpace(flow, headerHeight + style.lineHeight + 2 * CELL_PAD_Y);
  drawHeader(flow, columns, style);

  for (const row of rows) {
    const font = row.isTotal === true ? BOLD : REGULAR;
    const cellLines = columns.map((column, i) => {
      const text = row.cells[i] ?? '';
      const inner = column.width - 2 * CELL_PAD_X;
      return column.wrap ? wrap(doc, font, style.size, text, inner) : [ellipsize(doc, font, style.size, text, inner)];
    });
    const lineCount = Math.max(1, ...cellLines.map((lines) => lines.length));
    const fullHeight = lineCount * style.lineHeight + 2 * CELL_PAD_Y;
    if (flow.y + fullHeight > CONTENT_BOTTOM && fullHeight <= pageRoom) continuePage();
    if (row.isTotal === true) rule(doc, MARGIN, MARGIN + CONTENT_WIDTH, flow.y, MUTED, 0.75);

    let drawn = 0;
    while (drawn < lineCount) {
      let fit = Math.floor((CONTENT_BOTTOM - flow.y - 2 * CELL_PAD_Y) / style.lineHeight);
      if (fit < 1) {
        continuePage();
        fit = Math.floor((CONTENT_BOTTOM - flow.y - 2 * CELL_PAD_Y) / style.lineHeight);
      }
      const take = Math.max(1, Math.min(fit, lineCount - drawn));
      let x = MARGIN;
      columns.forEach((column, i) => {
        const lines = cellLines[i] ?? [];
        for (let l = drawn; l < Math.min(drawn + take, lines.length); l++) {
          put(doc, lines[l] ?? '', x + CELL_PAD_X, flow.y + CELL_PAD_Y + (l - drawn) * style.lineHeight, { font, size: style.size, align: column.align, width: column.width - 2 * CELL_PAD_X });
        }
        x += column.width;
      });
      drawn += take;
      flow.y += take * style.lineHeight + 2 * CELL_PAD_Y;
    }
    if (row.isTotal !== true) rule(doc, MARGIN, MARGIN + CONTENT_WIDTH, flow.y);
  }
}

// ---------- sections ----------

function partyLines(party: InvoicePdfParty): string[] {
  const cityLine = [party.postalCode, party.city].filter((p): p is string => !!p && p.trim() !== '').join(' ');
  const lines = [party.street ?? '', cityLine, party.country ?? ''].filter((l) => l.trim() !== '');
  if (party.vatId && party.vatId.trim() !== '') lines.push(`VAT: ${party.vatId}`);
  return lines;
}

/** Draws a party block and returns its bottom y. */
function drawParty(doc: Doc, party: InvoicePdfParty, x: number, y: number, width: number, label: string | null): number {
  let cursor = y;
  if (label !== null) {
    put(doc, label, x, cursor, { size: 8, color: MUTED });
    cursor += 12;
  }
  for (const line of wrap(doc, BOLD, 11, party.name, width, 3)) {
    put(doc, line, x, cursor, { font: BOLD, size: 11 });
    cursor += 14;
  }
  for (const text of partyLines(party)) {
    for (const line of wrap(doc, REGULAR, 9, text, width, 3)) {
      put(doc, line, x, cursor, { size: 9, color: INK });
      cursor += 12;
    }
  }
  return cursor;
}

function drawHeading(flow: Flow, input: InvoicePdfInput, title: string): void {
  const { doc } = flow;
  const companyBottom = drawParty(doc, input.company, MARGIN, MARGIN, 240, null);
  const customerX = MARGIN + 290;
  const customerBottom = drawParty(doc, input.customer, customerX, MARGIN, CONTENT_WIDTH - 290, input.kind === 'credit_note' ? 'Credited to' : 'Bill to');
  flow.y = Math.max(companyBottom, customerBottom) + 28;

  for (const line of wrap(doc, BOLD, 18, title, CONTENT_WIDTH, 2)) {
    put(doc, line, MARGIN, flow.y, { font: BOLD, size: 18, color: ACCENT });
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
    put(doc, label, x, flow.y, { size: 8, color: MUTED });
    put(doc, ellipsize(doc, BOLD, 9.5, value, cellWidth - 10), x, flow.y + 11, { font: BOLD, size: 9.5 });
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

function drawLines(flow: Flow, input: InvoicePdfInput): void {
  const rows = input.lines.map((line) => ({
    cells: [line.description, formatQuantity(line.quantity, line.unit), formatAmount(line.unitPrice), formatTaxRate(line.taxRate), formatAmount(line.subtotal)],
  }));
  drawTable(flow, LINE_COLUMNS, rows, { size: 9, lineHeight: 12 });
}

function drawTotals(flow: Flow, input: InvoicePdfInput): void {
  const { doc } = flow;
  const labelWidth = 100;
  const rows: [string, string, string, number][] = [
    ['Untaxed amount', `${formatAmount(input.amountUntaxed)} ${input.currency}`, REGULAR, 9.5],
    ['Tax', `${formatAmount(input.amountTax)} ${input.currency}`, REGULAR, 9.5],
    ['Total', `${formatAmount(input.amountTotal)} ${input.currency}`, BOLD, 11],
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
      rule(doc, x, x + width, flow.y - 3, INK, 0.75);
      flow.y += 2;
    }
    const room = width - labelWidth - CELL_PAD_X;
    put(doc, label, x + CELL_PAD_X, flow.y, { font, size });
    put(doc, ellipsize(doc, font, size, value, room), x + labelWidth, flow.y, { font, size, align: 'right', width: room });
    flow.y += 15;
  });
  flow.y += 5;
}

const ENTRY_COLUMNS: Column[] = [
  { header: 'Date', width: 57, align: 'left', wrap: false },
  { header: 'Agent', width: 90, align: 'left', wrap: false },
  { header: 'Ticket', width: 121, align: 'left', wrap: false },
  { header: 'Description', width: CONTENT_WIDTH - 57 - 90 - 121 - 50, align: 'left', wrap: true },
  { header: 'Duration', width: 50, align: 'right', wrap: false },
];

function drawTimeDetail(flow: Flow, input: InvoicePdfInput): void {
  const { doc } = flow;
  const billed = input.lines.filter((line) => line.entries.length > 0);
  if (billed.length === 0) return;
  const entryStyle = { size: 8, lineHeight: 10.5 };
  flow.y += 18;
  ensureSpace(flow, 90);
  put(doc, 'Time detail', MARGIN, flow.y, { font: BOLD, size: 13, color: ACCENT });
  flow.y += 22;

  for (const line of billed) {
    const heading = wrap(doc, BOLD, 10, line.description, CONTENT_WIDTH, 3);
    ensureSpace(flow, heading.length * 13 + 50);
    for (const text of heading) {
      put(doc, text, MARGIN, flow.y, { font: BOLD, size: 10 });
      flow.y += 13;
    }
    flow.y += 3;
    const short = ellipsize(doc, BOLD, 9, line.description, CONTENT_WIDTH - 80);
    const continuation = (f: Flow): void => {
      put(doc, `${short} (continued)`, MARGIN, f.y, { font: BOLD, size: 9, color: MUTED });
      f.y += 15;
    };
    let minutes = 0;
    const rows: Row[] = line.entries.map((entry) => {
      minutes += entry.minutes;
      return { cells: [entry.date, entry.agentName, `#${entry.ticketNumber} ${entry.ticketSubject}`, entry.description, formatDuration(entry.minutes)] };
    });
    rows.push({ cells: ['', '', '', `Total (${line.entries.length} ${line.entries.length === 1 ? 'entry' : 'entries'})`, formatDuration(minutes)], isTotal: true });
    drawTable(flow, ENTRY_COLUMNS, rows, { ...entryStyle, continuation });
    flow.y += 16;
  }
}

function drawFooters(doc: Doc, title: string, companyName: string): void {
  const range = doc.bufferedPageRange();
  const label = ellipsize(doc, REGULAR, 8, `${title} · ${companyName}`, CONTENT_WIDTH - 90);
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    rule(doc, MARGIN, MARGIN + CONTENT_WIDTH, FOOTER_Y - 6);
    put(doc, label, MARGIN, FOOTER_Y, { size: 8, color: MUTED });
    put(doc, `Page ${i + 1} / ${range.count}`, MARGIN + CONTENT_WIDTH - 90, FOOTER_Y, { size: 8, color: MUTED, align: 'right', width: 90 });
  }
}

/** Renders the invoice or credit note as an A4 PDF, with the time entries billed by each line. */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const title = invoiceTitle(input);
      const doc = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        bufferPages: true,
        info: { Title: title, Author: input.company.name, Creator: 'Deskbill' },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      const { regular, bold } = fonts();
      doc.registerFont(REGULAR, regular);
      doc.registerFont(BOLD, bold);

      const flow: Flow = { doc, y: MARGIN };
      drawHeading(flow, input, title);
      drawLines(flow, input);
      drawTotals(flow, input);
      drawTimeDetail(flow, input);
      drawFooters(doc, title, input.company.name);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
