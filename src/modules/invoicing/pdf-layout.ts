// A small page layout over pdfkit for A4 documents: a page frame with margins, a flow that moves
// down the page and starts new ones, tables whose rows break cleanly across pages under a repeated
// header, and a "Page x / n" footer on every page. It knows nothing of what the document says.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { ellipsize, widthOf, wrap, type Doc } from './pdf-text.ts';

export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';
export const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN;
const FOOTER_Y = PAGE_HEIGHT - 34;
export const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
export const INK = '#222222';
export const MUTED = '#6b6b6b';
export const ACCENT = '#1f3a5f';
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

// ---------- page flow ----------

/**
 * The document and how far down the current page it is drawn. The layout runs twice over the same
 * code (renderPdf): a first pass only measures, to learn how many pages there are (`paint` false:
 * nothing is drawn), then the second draws and streams each page as soon as it is full, with its
 * "Page x / n" footer.
 */
export interface Flow {
  doc: Doc;
  y: number;
  /** False in the measuring pass: put, rule and fills draw nothing. */
  paint: boolean;
  /** The current page, from 1. */
  page: number;
  /** Draws the footer of the current page (painting pass only). */
  finishPage: (flow: Flow) => void;
}

function newPage(flow: Flow): void {
  if (flow.paint) {
    flow.finishPage(flow);
    flow.doc.addPage();
  }
  flow.page += 1;
  flow.y = MARGIN;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
export function ensureSpace(flow: Flow, height: number): boolean {
  if (flow.y + height <= CONTENT_BOTTOM) return false;
  newPage(flow);
  return true;
}

/** Draws one line of text at an exact position, bypassing pdfkit's own wrapping and paging. */
export function put(flow: Flow, text: string, x: number, y: number, opts: { font?: string; size?: number; color?: string; align?: 'left' | 'right'; width?: number } = {}): void {
  if (!flow.paint) return;
  const { doc } = flow;
  const font = opts.font ?? REGULAR;
  const size = opts.size ?? 9;
  const left = opts.align === 'right' && opts.width !== undefined ? x + opts.width - widthOf(doc, font, size, text) : x;
  doc.font(font).fontSize(size).fillColor(opts.color ?? INK);
  doc.text(text, left, y, { lineBreak: false });
}

/** A horizontal line from x1 to x2 at y. */
export function rule(flow: Flow, x1: number, x2: number, y: number, color = RULE, width = 0.5): void {
  if (!flow.paint) return;
  flow.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

// ---------- tables ----------

export interface Column {
  header: string;
  width: number;
  align: 'left' | 'right';
  wrap: boolean; // false: one line, cut with an ellipsis
}

export interface Row {
  cells: string[];
  isTotal?: boolean;
}

export interface TableStyle {
  size: number;
  lineHeight: number;
  /** Drawn at the top of each continuation page, before the repeated header. */
  continuation?: (flow: Flow) => void;
}

function drawHeader(flow: Flow, columns: Column[], style: TableStyle): void {
  const { doc } = flow;
  const height = style.lineHeight + 2 * CELL_PAD_Y + 1;
  if (flow.paint) doc.save().rect(MARGIN, flow.y, CONTENT_WIDTH, height).fill(HEADER_FILL).restore();
  let x = MARGIN;
  for (const column of flow.paint ? columns : []) {
    const label = ellipsize(doc, BOLD, style.size, column.header, column.width - 2 * CELL_PAD_X);
    put(flow, label, x + CELL_PAD_X, flow.y + CELL_PAD_Y + 1, { font: BOLD, size: style.size, align: column.align, width: column.width - 2 * CELL_PAD_X });
    x += column.width;
  }
  flow.y += height;
}

/** Draws rows under a header; a row that does not fit moves to a new page (header repeated),
 * and a row taller than a whole page is split between pages line by line. Yields after each
 * page it fills, so that the page can be sent before the next one is drawn. The rows are made
 * one at a time as the table reaches them, so a long table holds one row's text at a time.
 * Only the wrapped columns decide a row's height: the measuring pass cuts no other cell. */
export function* drawTable(flow: Flow, columns: Column[], rows: Iterable<Row>, style: TableStyle): Generator<void, void, void> {
  const { doc } = flow;
  const headerHeight = style.lineHeight + 2 * CELL_PAD_Y + 1;
  const pageRoom = CONTENT_BOTTOM - MARGIN - headerHeight - 40; // 40: room for a continuation title
  const continuePage = (): void => {
    newPage(flow);
    style.continuation?.(flow);
    drawHeader(flow, columns, style);
  };
  let pageBefore = flow.page;
  ensureSpace(flow, headerHeight + style.lineHeight + 2 * CELL_PAD_Y);
  drawHeader(flow, columns, style);

  for (const row of rows) {
    const font = row.isTotal === true ? BOLD : REGULAR;
    const cellLines = columns.map((column, i) => {
      const text = row.cells[i] ?? '';
      const inner = column.width - 2 * CELL_PAD_X;
      if (column.wrap) return wrap(doc, font, style.size, text, inner);
      return flow.paint ? [ellipsize(doc, font, style.size, text, inner)] : [''];
    });
    const lineCount = Math.max(1, ...cellLines.map((lines) => lines.length));
    const fullHeight = lineCount * style.lineHeight + 2 * CELL_PAD_Y;
    if (flow.y + fullHeight > CONTENT_BOTTOM && fullHeight <= pageRoom) continuePage();
    if (row.isTotal === true) rule(flow, MARGIN, MARGIN + CONTENT_WIDTH, flow.y, MUTED, 0.75);

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
          put(flow, lines[l] ?? '', x + CELL_PAD_X, flow.y + CELL_PAD_Y + (l - drawn) * style.lineHeight, { font, size: style.size, align: column.align, width: column.width - 2 * CELL_PAD_X });
        }
        x += column.width;
      });
      drawn += take;
      flow.y += take * style.lineHeight + 2 * CELL_PAD_Y;
    }
    if (row.isTotal !== true) rule(flow, MARGIN, MARGIN + CONTENT_WIDTH, flow.y);
    if (flow.page !== pageBefore) {
      pageBefore = flow.page;
      yield;
    }
  }
}

// ---------- the document ----------

/**
 * A PDF/A-3b archive with an embedded file and the XMP that describes it (a Factur-X invoice: the
 * CII XML as `factur-x.xml`). The text is DejaVu Sans, embedded; pdfkit adds the sRGB output intent
 * and the PDF/A identification.
 */
export interface PdfArchive {
  file: { name: string; content: Buffer; mimeType: string; relationship: 'Alternative' | 'Data' | 'Source'; description: string };
  /** rdf:Description elements appended to the document's XMP metadata. */
  xmp: string;
}

/** What a document draws, from the top of page 1; it yields where a page may be sent. */
export type Draw = (flow: Flow) => Generator<void, void, void>;

/** Writes `footer` and "Page x / n" at the bottom of the current page. */
function drawFooter(flow: Flow, footer: string, pageCount: number): void {
  const label = ellipsize(flow.doc, REGULAR, 8, footer, CONTENT_WIDTH - 90);
  rule(flow, MARGIN, MARGIN + CONTENT_WIDTH, FOOTER_Y - 6);
  put(flow, label, MARGIN, FOOTER_Y, { size: 8, color: MUTED });
  put(flow, `Page ${flow.page} / ${pageCount}`, MARGIN + CONTENT_WIDTH - 90, FOOTER_Y, { size: 8, color: MUTED, align: 'right', width: 90 });
}

/** Everything pdfkit has written so far and nobody has read. */
function* written(doc: Doc): Generator<Buffer, void, void> {
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) yield chunk;
}

/**
 * An A4 PDF in DejaVu Sans as a stream: `draw` lays out the content from the top of page 1, and
 * each page gets a footer with "Page x / n". The layout is measured first, synchronously (so
 * anything `draw` throws is thrown here, before a byte exists), to learn n; then the pages are
 * drawn again as the stream is read and each is sent once full (pdfkit ends a page when the next
 * begins): the whole file is never held in memory.
 */
export function renderPdf(meta: { title: string; author: string; footer: string; archive?: PdfArchive | undefined }, draw: Draw): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: meta.title, Author: meta.author, Creator: 'Deskbill' },
    ...(meta.archive ? { pdfVersion: '1.7' as const, subset: 'PDF/A-3b' as const, tagged: false } : {}),
  });
  const { regular, bold } = fonts();
  doc.registerFont(REGULAR, regular);
  doc.registerFont(BOLD, bold);
  doc.font(REGULAR);
  if (meta.archive) {
    const { file, xmp } = meta.archive;
    const when = new Date();
    // pdfkit reads `relationship` (the /AFRelationship of PDF/A-3) though its types lack it.
    const options = { name: file.name, type: file.mimeType, relationship: file.relationship, description: file.description, creationDate: when, modifiedDate: when };
    doc.file(file.content, options as PDFKit.Mixins.PDFAttachmentOptions);
    doc.appendXML(xmp);
  }

  const noFooter = (): void => undefined;
  const measured: Flow = { doc, y: MARGIN, paint: false, page: 1, finishPage: noFooter };
  for (const _ of draw(measured)) {
    /* measuring only */
  }
  const pageCount = measured.page;

  async function* pages(): AsyncGenerator<Buffer, void, void> {
    const flow: Flow = { doc, y: MARGIN, paint: true, page: 1, finishPage: (f) => drawFooter(f, meta.footer, pageCount) };
    for (const _ of draw(flow)) yield* written(doc);
    if (flow.page !== pageCount) throw new Error(`the PDF layout drew ${flow.page} pages after measuring ${pageCount}`);
    drawFooter(flow, meta.footer, pageCount);
    const ended = new Promise<void>((resolve) => doc.once('end', resolve));
    doc.end();
    yield* written(doc);
    // pdfkit decodes a PNG with transparency asynchronously and writes the end of the file only
    // once that image is done (R72 logo): wait for the rest rather than sending a cut file.
    while (!doc.readableEnded) {
      await Promise.race([once(doc, 'readable'), ended]);
      yield* written(doc);
    }
  }
  return Readable.from(pages(), { objectMode: false });
}

/** Reads a whole stream into one Buffer. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
