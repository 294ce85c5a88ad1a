// A small page layout over pdfkit for A4 documents: a page frame with margins, a flow that moves
// down the page and starts new ones, tables whose rows break cleanly across pages under a repeated
// header, and a "Page x / n" footer on every page. It knows nothing of what the document says.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/** The document and how far down the current page it is drawn. */
export interface Flow {
  doc: Doc;
  y: number;
}

function newPage(flow: Flow): void {
  flow.doc.addPage();
  flow.y = MARGIN;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
export function ensureSpace(flow: Flow, height: number): boolean {
  if (flow.y + height <= CONTENT_BOTTOM) return false;
  newPage(flow);
  return true;
}

/** Draws one line of text at an exact position, bypassing pdfkit's own wrapping and paging. */
export function put(doc: Doc, text: string, x: number, y: number, opts: { font?: string; size?: number; color?: string; align?: 'left' | 'right'; width?: number } = {}): void {
  const font = opts.font ?? REGULAR;
  const size = opts.size ?? 9;
  const left = opts.align === 'right' && opts.width !== undefined ? x + opts.width - widthOf(doc, font, size, text) : x;
  doc.font(font).fontSize(size).fillColor(opts.color ?? INK);
  doc.text(text, left, y, { lineBreak: false });
}

/** A horizontal line from x1 to x2 at y. */
export function rule(doc: Doc, x1: number, x2: number, y: number, color = RULE, width = 0.5): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
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
export function drawTable(flow: Flow, columns: Column[], rows: Row[], style: TableStyle): void {
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

// ---------- the document ----------

/** Writes `footer` and "Page x / n" at the bottom of every page, once all pages exist. */
function drawFooters(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  const label = ellipsize(doc, REGULAR, 8, footer, CONTENT_WIDTH - 90);
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    rule(doc, MARGIN, MARGIN + CONTENT_WIDTH, FOOTER_Y - 6);
    put(doc, label, MARGIN, FOOTER_Y, { size: 8, color: MUTED });
    put(doc, `Page ${i + 1} / ${range.count}`, MARGIN + CONTENT_WIDTH - 90, FOOTER_Y, { size: 8, color: MUTED, align: 'right', width: 90 });
  }
}

/** Renders an A4 PDF in DejaVu Sans: `draw` lays out the content from the top of page 1, then each
 * page gets the footer. Resolves with the whole file; rejects if drawing throws. */
export function renderPdf(meta: { title: string; author: string; footer: string }, draw: (flow: Flow) => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const doc = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        bufferPages: true,
        info: { Title: meta.title, Author: meta.author, Creator: 'Deskbill' },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      const { regular, bold } = fonts();
      doc.registerFont(REGULAR, regular);
      doc.registerFont(BOLD, bold);

      draw({ doc, y: MARGIN });
      drawFooters(doc, meta.footer);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
