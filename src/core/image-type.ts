// What kind of image a file is, from its first bytes (its "magic"), never from its name or the
// content type a client claims: the company logo (R72) accepts PNG and JPEG, the two formats
// pdfkit draws. Pure: bytes in, an answer out.

export type ImageType = 'image/png' | 'image/jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` starts with every byte of `prefix`. */
function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** A PNG: the 8-byte signature, then the IHDR chunk (13 bytes) with a width and height above 0. */
function isPng(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, PNG_SIGNATURE) || bytes.length < 8 + 8 + 13) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
  return view.getUint32(8) === 13 && ihdr === 'IHDR' && view.getUint32(16) > 0 && view.getUint32(20) > 0;
}

/** A JPEG: the start-of-image marker FF D8, then the FF of the next segment's marker. */
function isJpeg(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xd8, 0xff]) && bytes.length > 4;
}

/**
 * The type of an image from its bytes, or null when it is neither PNG nor JPEG:
 * imageTypeOf(readFileSync('logo.png')) === 'image/png'; a GIF, an SVG, a PDF or text → null.
 */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (isPng(bytes)) return 'image/png';
  if (isJpeg(bytes)) return 'image/jpeg';
  return null;
}
