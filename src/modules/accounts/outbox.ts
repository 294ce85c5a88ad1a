import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutgoingMail {
  to: { name: string; email: string };
  subject: string;
  body: string;
}

const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');
const isPrintableAscii = (value: string) => /^[\x20-\x7e]*$/.test(value);
const encodedWord = (value: string) => `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;

/** A header value on one line; non-ASCII text as an RFC 2047 encoded word. */
function headerText(value: string): string {
  const line = oneLine(value);
  return isPrintableAscii(line) ? line : encodedWord(line);
}

/** A display name: quoted when ASCII (it may hold commas), an encoded word otherwise (never inside quotes). */
function displayName(value: string): string {
  const line = oneLine(value);
  return isPrintableAscii(line) ? `"${line.replace(/["\\]/g, '')}"` : encodedWord(line);
}

/** `20261102T093000Z`: sorts in time order and is safe in a file name. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/**
 * Writes a mail as `<dir>/<timestamp>-<id>.eml` (RFC 5322, UTF-8 plain text) for a mail relay or
 * a person to pick up: Deskbill does not speak SMTP itself. Returns the file's path.
 */
export async function writeToOutbox(dir: string, id: number | string, mail: OutgoingMail, from: string, now = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${stamp(now)}-${id}.eml`);
  const text = [
    `From: ${headerText(from)}`,
    `To: ${displayName(mail.to.name)} <${mail.to.email.replace(/[\r\n<>]/g, '')}>`,
    `Subject: ${headerText(mail.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.body.replace(/\r?\n/g, '\r\n'),
  ].join('\r\n');
  await writeFile(path, text.endsWith('\r\n') ? text : text + '\r\n', { flag: 'wx' });
  return path;
}
