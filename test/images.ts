// Small images made in code for the logo tests (R72): no binary fixtures in the repository.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid PNG of `width` × `height` in 8-bit RGBA (colour type 6: pdfkit splits its alpha channel,
 * asynchronously), a horizontal gradient from `from` to `to` so that it is visibly an image.
 */
export function pngImage(width = 120, height = 40, from: [number, number, number] = [31, 58, 95], to: [number, number, number] = [120, 180, 220]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) {
      const t = width > 1 ? x / (width - 1) : 0;
      rows.push(...from.map((c, i) => Math.round(c + (to[i]! - c) * t)), 255);
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** The markers of a JPEG of 8 × 8 pixels without its scan: recognised as JPEG by its magic bytes and its frame header. */
export function jpegImage(): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

/** A GIF header: an image, but not one a logo may be. */
export const GIF_BYTES = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

/**
 * The widths of the images a PDF draws (its image XObjects' /Width, pdfkit writes their
 * dictionaries uncompressed), without the soft masks pdfkit adds for a PNG's alpha channel: which
 * logo a PDF carries, when the logos compared differ in width.
 */
export function pdfImageWidths(pdf: Buffer): number[] {
  const text = pdf.toString('latin1');
  const masks = new Set([...text.matchAll(/\/SMask (\d+) 0 R/g)].map((m) => m[1]!));
  const widths: number[] = [];
  for (const [, object, body] of text.matchAll(/(\d+) 0 obj\b([\s\S]*?)(?:\bstream\b|\bendobj\b)/g)) {
    const width = /\/Subtype \/Image\b/.test(body!) && !masks.has(object!) ? /\/Width (\d+)/.exec(body!) : null;
    if (width) widths.push(Number(width[1]));
  }
  return widths.sort((a, b) => a - b);
}
