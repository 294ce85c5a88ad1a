// Issue 11, decision 0025: sending a posted invoice or credit note by mail. The mail (its text
// filled from the company's template, the PDF attached at delivery) is queued in the outbox in the
// same transaction as the row recording who sent it to whom; the row's delivery state is the
// outbox row's. Sending again is a new, explicit send with its own row.
import { eq, sql } from 'drizzle-orm';
import { displayAmount } from '../../core/display.ts';
import { fillTemplate } from '../../core/mail-template.ts';
import { inTransaction, isoTimestamp, queryRows, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail.ts';
import { OUTBOX_STATUS_COLUMNS, outboxStatus, type OutboxStatus, type OutboxStatusRow } from '../../platform/outbox.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { invoiceRecipient } from '../partners/index.ts';
import { emitEvent } from '../webhooks/index.ts';
import { invoiceNumber } from './invoice-read.ts';
import { invoiceSends, invoices } from './tables.ts';

/** The attachment source of an invoice's PDF (registered by the composition root). */
export const INVOICE_PDF_ATTACHMENT = 'invoice-pdf';

export interface InvoiceSendRead extends OutboxStatus {
  id: string;
  invoiceId: string;
  toEmail: string;
  toName: string;
  sentBy: { id: string; name: string } | null;
  sentAt: string;
}

export interface SendSettings {
  /** The web app's base URL, for the portal link. */
  publicUrl: string;
  maxAttempts: number;
}

interface SendRow extends OutboxStatusRow {
  id: number;
  invoice_id: number;
  to_email: string;
  to_name: string;
  sent_by: number | null;
  sender_name: string | null;
  sent_at: string;
}

const toRead = (r: SendRow): InvoiceSendRead => ({
  id: String(r.id),
  invoiceId: String(r.invoice_id),
  toEmail: r.to_email,
  toName: r.to_name,
  sentBy: r.sent_by == null ? null : { id: String(r.sent_by), name: r.sender_name ?? '' },
  sentAt: isoTimestamp(r.sent_at)!,
  ...outboxStatus(r),
});

async function sendRows(db: Executor, where: ReturnType<typeof sql>): Promise<InvoiceSendRead[]> {
  const rows = await queryRows<SendRow>(db, sql`
    SELECT s.id, s.invoice_id, s.to_email, s.to_name, s.sent_by, u.name AS sender_name, s.created_at::text AS sent_at, ${OUTBOX_STATUS_COLUMNS}
      FROM invoice_sends s JOIN outbox o ON o.id = s.outbox_id LEFT JOIN users u ON u.id = s.sent_by
     WHERE ${where} ORDER BY s.id DESC`);
  return rows.map(toRead);
}

/** Every send of an invoice, newest first, with its delivery state; 404 for an unknown invoice. */
export async function listInvoiceSends(db: Executor, invoiceId: number): Promise<InvoiceSendRead[]> {
  await invoiceNumber(db, invoiceId); // 404 for an unknown invoice
  return sendRows(db, sql`s.invoice_id = ${invoiceId}`);
}

/**
 * Sends a posted invoice or credit note to the customer's billing address (see
 * `invoiceRecipient`): queued at once, delivered by the outbox worker. 409 for a draft, 422 when
 * the customer has no address to send to. R64: emits invoice.sent (queued for the mail, not delivered yet).
 */
export async function sendInvoice(db: Db, invoiceId: number, sentBy: number, settings: SendSettings): Promise<InvoiceSendRead> {
  return inTransaction(db, async (tx) => {
    // FOR SHARE: the invoice cannot be deleted (a draft) or change state while it is being sent.
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('share');
    if (!invoice) throw notFound('Invoice');
    const document = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
    if (invoice.state !== 'posted' || !invoice.number) throw new AppError('INVOICE_NOT_POSTED', `A draft cannot be sent: post the ${document.toLowerCase()} first`);
    const to = await invoiceRecipient(tx, invoice.customerId);
    if (!to) {
      throw new AppError('NO_BILLING_EMAIL', 'The customer has no e-mail address to send invoices to: set its billing e-mail (or its company\'s)', [
        { path: 'customer.billingEmail', message: 'Set on the customer, or on its company' },
      ]);
    }
    const company = await getCompanySettings(tx);
    const values = {
      document,
      number: invoice.number,
      amount: displayAmount(invoice.amountTotal, invoice.currency),
      invoice_date: invoice.invoiceDate ?? '',
      due_date: invoice.dueDate ?? invoice.invoiceDate ?? '',
      customer: invoice.customerName ?? to.name,
      company: invoice.companyName ?? company.name,
      portal_link: `${settings.publicUrl}/invoices`,
    };
    const outboxId = await queueMail(tx, {
      to,
      subject: fillTemplate(company.invoiceMailSubject, values),
      body: fillTemplate(company.invoiceMailBody, values),
      attachments: [{ source: INVOICE_PDF_ATTACHMENT, id: invoiceId }],
    }, settings);
    const [row] = await tx.insert(invoiceSends).values({ invoiceId, toEmail: to.email, toName: to.name, sentBy, outboxId }).returning({ id: invoiceSends.id });
    await emitEvent(tx, 'invoice.sent', { id: String(invoiceId), number: invoice.number, kind: invoice.kind, customerId: String(invoice.customerId), sendId: String(row!.id), toEmail: to.email });
    return (await sendRows(tx, sql`s.id = ${row!.id}`))[0]!;
  });
}
