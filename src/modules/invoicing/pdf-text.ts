// Measures, wraps and cuts text for a pdfkit page, so that layout code places every line itself:
// no text, however long, can overflow its box or make pdfkit break a page on its own.

/** A pdfkit document. */
export type Doc = PDFKit.PDFDocument;

const CONTROL = /\p{Cc}/u;

/** Control characters (tabs, stray CR, NUL…) would render as boxes; newlines are kept. */
function sanitize(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/\p{Cc}/gu, (char) => (char === '\n' ? char : ''));
}

/** Widths already measured, by font, size and text. A width depends on nothing else (the fonts
 * are the same files in every document), so the cache serves every render of the process; it is
 * emptied when it grows past WIDTH_CACHE_MAX, which bounds its memory. */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_MAX = 50_000;

/** The width of `text` in points, in `font` at `size`. */
export function widthOf(doc: Doc, font: string, size: number, text: string): number {
  const key = `${font}\u0000${size}\u0000${text}`;
  const known = widthCache.get(key);
  if (known !== undefined) return known;
  doc.font(font).fontSize(size);
  const width = doc.widthOfString(text);
  if (widthCache.size >= WIDTH_CACHE_MAX) widthCache.clear();
  widthCache.set(key, width);
  return width;
}

/** No glyph of DejaVu Sans is narrower than 0.2 em except zero-width marks, so no line can hold
 * more characters than this; it bounds the searches below and keeps huge strings cheap. */
function maxChars(size: number, width: number): number {
  return Math.ceil(width / (size * 0.2)) + 1;
}

/** Longest prefix (in code points) of `chars` from `start` whose width, plus `suffix`, fits in `width`. */
function fittingPrefix(doc: Doc, font: string, size: number, chars: string[], width: number, suffix: string, start = 0): number {
  let lo = 0;
  let hi = Math.min(chars.length - start, maxChars(size, width));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widthOf(doc, font, size, chars.slice(start, start + mid).join('') + suffix) <= width) lo = mid;
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
      // A word wider than the line (a URL, a hash) is broken wherever it must be (walking an
      // offset: copying the rest of the word for each line would be quadratic in its length).
      const chars = Array.from(word);
      let start = 0;
      for (;;) {
        const keep = Math.max(1, fittingPrefix(doc, font, size, chars, width, '', start));
        if (start + keep >= chars.length) break;
        lines.push(chars.slice(start, start + keep).join(''));
        start += keep;
      }
      current = chars.slice(start).join('');
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
