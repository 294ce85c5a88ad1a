import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GIF_BYTES, jpegImage, pngImage } from '../../test/images.ts';
import { imageTypeOf } from './image-type.ts';

test('R72: an image is told by its magic bytes: PNG and JPEG only', () => {
  const png = pngImage(4, 2);
  const backing = new Uint8Array(png.length + 2);
  backing.set(png, 2);
  const table: Array<[name: string, bytes: Uint8Array, type: string | null]> = [
    ['a PNG', png, 'image/png'],
    ['a PNG seen through a view at an offset', new Uint8Array(backing.buffer, 2, png.length), 'image/png'],
    ['a JPEG', jpegImage(), 'image/jpeg'],
    ['a GIF', GIF_BYTES, null],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['a PDF', Buffer.from('%PDF-1.7\n'), null],
    ['text', Buffer.from('just a text file named logo.png'), null],
    ['nothing', Buffer.alloc(0), null],
    ['the PNG signature alone', png.subarray(0, 8), null],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([png.subarray(0, 12), Buffer.from('IDAT'), png.subarray(16)]), null],
    ['a PNG of width 0', Buffer.concat([png.subarray(0, 16), Buffer.alloc(4), png.subarray(20)]), null],
    ['the JPEG start marker alone', Buffer.from([0xff, 0xd8]), null],
  ];
  for (const [name, bytes, type] of table) assert.equal(imageTypeOf(bytes), type, name);
});
