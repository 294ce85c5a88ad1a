// Issue 11, decision 0025: outgoing mail. A mail is queued in the outbox (platform/outbox.ts) by
// the transaction that causes it, and delivered by the worker through this handler: over SMTP
// with nodemailer when DESKBILL_SMTP_URL is set, else written as an .eml file to
// DESKBILL_OUTBOX_DIR for a relay or a person to pick up. One composer builds both.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Executor } from './db.ts';
import { DeliveryError, enqueue, type OutboxHandler } from './outbox.ts';

export const MAIL_KIND = 'mail';

/** An attachment made at delivery from the record it names (`{source: 'invoice-pdf', id: 42}`). */
export interface AttachmentRef {
  source: string;
  id: number;
}

/** What a queued mail holds: text only, and references to the attachments it carries. */
export interface MailPayload {
  to: { name: string; email: string };
  subject: string;
  body: string;
  /** The same on every attempt, so a receiver can drop a repeat. */
  messageId: string;
  attachments?: AttachmentRef[];
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
}

/** Builds an attachment of one source from a record's id (the composition root registers them). */
export type AttachmentSource = (id: number) => Promise<Attachment>;

export interface MailSettings {
  /** smtp:// or smtps:// URL with credentials; null: write .eml files to `outboxDir`. */
  smtpUrl: string | null;
  outboxDir: string;
  /** The From header: `Deskbill <no-reply@desk.example>`. */
  from: string;
}

/** Seconds to connect, to get the greeting, and of silence on the socket: a stuck server is an attempt that failed. */
const SMTP_TIMEOUT_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** Queues a mail in the transaction of `db`; delivered once it commits. */
export async function queueMail(db: Executor, mail: Omit<MailPayload, 'messageId'>, settings: { publicUrl: string; maxAttempts: number }): Promise<number> {
  const payload: MailPayload = { ...mail, to: { name: oneLine(mail.to.name), email: oneLine(mail.to.email) }, subject: oneLine(mail.subject), messageId: `<${randomUUID()}@${new URL(settings.publicUrl).hostname}>` };
  return enqueue(db, { kind: MAIL_KIND, payload, maxAttempts: settings.maxAttempts });
}

const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

/** An SMTP refusal with a 5xx code is for good (no such mailbox); anything else may pass later. */
function deliveryError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const response = e.response ?? [e.code, e.message].filter(Boolean).join(' ');
  return new DeliveryError(response || 'delivery failed', typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600);
}

/** The outbox handler of mails: composes the message, then sends it over SMTP or writes `mail-<outbox id>.eml`. */
export function mailHandler(settings: MailSettings, sources: Record<string, AttachmentSource>): OutboxHandler {
  const smtp = settings.smtpUrl ? nodemailer.createTransport({ url: settings.smtpUrl, ...SMTP_TIMEOUT_MS }) : null;
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return async (job) => {
    const mail = job.payload as MailPayload;
    const attachments = [];
    for (const ref of mail.attachments ?? []) {
      const source = sources[ref.source];
      if (!source) throw new DeliveryError(`no attachment source "${ref.source}" in this server`);
      attachments.push(await source(ref.id));
    }
    const message = {
      from: settings.from,
      to: { name: mail.to.name, address: mail.to.email },
      subject: mail.subject,
      text: mail.body,
      messageId: mail.messageId,
      attachments,
    };
    if (smtp) {
      try {
        const info = await smtp.sendMail(message);
        return { response: info.response };
      } catch (error) {
        throw deliveryError(error);
      }
    }
    const { message: raw } = await files.sendMail(message);
    await mkdir(settings.outboxDir, { recursive: true });
    // Named by the outbox row (zero-padded: in queue order): a repeat after a crash overwrites it.
    const path = join(settings.outboxDir, `mail-${String(job.id).padStart(10, '0')}.eml`);
    await writeFile(path, raw as Buffer);
    return { response: `written to ${path}` };
  };
}
