// Measures, wraps and cuts text for a pdfkit page, so that layout code places every line itself:
// no text, however long, can overflow its box or make pdfkit break a page on its own.

/** A pdfkit document. */
export type Doc = PDFKit.PDFDocument;

/** Control characters (tabs, stray CR, NUL…) would render as boxes; newlines are kept. */
function sanitize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/\p{Cc}/gu, (char) => (char === '\n' ? char : ''));
}

/** The width of `text` in points, in `font` at `size`. */
export function widthOf(doc: Doc, font: string, size: number, text: string): number {
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
export function ellipsize(doc: Doc, font: string, size: number, text: string, width: number): string {
  const flat = sanitize(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= maxChars(size, width) && widthOf(doc, font, size, flat) <= width) return flat;
  const keep = fittingPrefix(doc, font, size, chars, width, '…');
  return `${chars.slice(0, keep).join('').trimEnd()}…`;
}

/** Wraps text into lines of at most `width`, breaking words longer than a line; never empty. */
export function wrap(doc: Doc, font: string, size: number, text: string, width: number, maxLines = Infinity): string[] {
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
