import { TAX_CATEGORIES } from '../core/taxes.ts';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { dateString, decimalString, errorResponses, id, idParams, listOf, listQuery, text } from '../platform/schemas.ts';
import { getCompanySettings } from '../modules/accounts/index.ts';
import { createInvoiceFromOrder, strandedDrafts } from '../modules/service-billing/index.ts';
import { creditEntries, deleteDraft, deleteDraftLine, getInvoice, invoicePdf, invoiceUbl, listInvoicePayments, listInvoiceSends, listInvoices, postInvoice, registerPayment, reverseInvoice, sendInvoice } from '../modules/invoicing/index.ts';
import { caller } from './auth-hook.ts';

const kind = z.enum(['invoice', 'credit_note']);
const state = z.enum(['draft', 'posted']);
const paymentState = z.enum(['not_paid', 'partially_paid', 'paid', 'overdue']);
const paymentMethod = z.enum(['bank_transfer', 'card', 'cash', 'cheque', 'other']);
const snapshot = z.object({ name: z.string(), street: z.string().nullable(), city: z.string().nullable(), postalCode: z.string().nullable(), country: z.string().nullable(), vatId: z.string().nullable() });
const summaryShape = {
  id: z.string(), kind, state, number: z.string().nullable(), saleOrderId: z.string().nullable(), customerId: z.string(), reversedInvoiceId: z.string().nullable(),
  currency: z.string(), invoiceDate: z.string().nullable(), dueDate: z.string().nullable(), periodStart: z.string().nullable(), periodEnd: z.string().nullable(),
  customerSnapshot: snapshot.nullable(), companySnapshot: snapshot.nullable(), amountUntaxed: z.string(), amountTax: z.string(), amountTotal: z.string(), createdAt: z.string(), postedAt: z.string().nullable(),
  amountPaid: z.string().nullable().describe('R65: the payments registered; null on a draft or a credit note'),
  amountCredited: z.string().nullable().describe('R65: the totals of the posted credit notes reversing the invoice (they settle it)'),
  amountDue: z.string().nullable().describe('R65: total − paid − credited; negative when money is owed back'),
  paymentState: paymentState.nullable().describe('R65: overdue when something is due after the due date (UTC today); null on a draft or a credit note'),
};
const entryRead = z.object({ timesheetId: z.string(), date: z.string(), agentName: z.string(), ticketId: z.string(), ticketNumber: z.number(), ticketSubject: z.string(), description: z.string(),
  minutes: z.number().describe('R78: the billed minutes the line counts'), recordedMinutes: z.number(), billedMultiplier: z.string() });
const lineRead = z.object({
  id: z.string(), saleOrderLineId: z.string().nullable(), originLineId: z.string().nullable(), description: z.string(), unit: z.enum(['hour', 'day', 'unit']),
  quantity: z.string(), unitPrice: z.string(), taxRate: z.string(), taxName: z.string().nullable(), taxCategory: z.enum(TAX_CATEGORIES).nullable(), overage: z.boolean(), subtotal: z.string(), taxAmount: z.string(), timesheetIds: z.array(z.string()), entries: z.array(entryRead),
});
const invoiceRead = z.object({ ...summaryShape, taxMention: z.string().nullable().describe('R66: the legal mention the lines call for (reverse charge)'), lines: z.array(lineRead), creditNoteIds: z.array(z.string()) });
const invoiceSummary = z.object(summaryShape);
const invoiceSend = z.object({
  id: z.string(), invoiceId: z.string(), toEmail: z.string(), toName: z.string(), sentBy: z.object({ id: z.string(), name: z.string() }).nullable(), sentAt: z.string(),
  state: z.enum(['queued', 'sent', 'failed']).describe('queued: not delivered yet (retried with backoff); sent: the mail server accepted it; failed: refused for good or out of attempts'),
  attempts: z.number(), lastResponse: z.string().nullable().describe("The mail server's last reply"), finishedAt: z.string().nullable(),
});
/** The invoice list's filters besides its state (the invoice lines export takes the same: src/http/exports.ts). */
export const invoiceFilters = {
  kind: kind.optional(), customerId: id.optional(), saleOrderId: id.optional(), reversedInvoiceId: id.optional(), timesheetId: id.optional(),
  dateFrom: dateString.optional().describe('Invoice date from (included)'), dateTo: dateString.optional().describe('Invoice date to (included)'),
  payment: paymentState.optional().describe('R65: posted invoices in this payment state today (UTC)'),
};
const invoicePayment = z.object({
  id: z.string(), invoiceId: z.string(), paymentDate: z.string(), amount: z.string(), method: paymentMethod, reference: z.string(), isOverpayment: z.boolean(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(), createdAt: z.string(),
});
const paymentCreate = z.strictObject({
  paymentDate: dateString, amount: decimalString(2).refine((s) => /[1-9]/.test(s), 'Must be more than 0'), method: paymentMethod, reference: text(200).optional(),
  overpayment: z.boolean().optional().describe('Set to register a payment above the amount due (else 422 OVERPAYMENT)'),
});
const strandedDraft = z.object({ invoiceId: z.string(), saleOrderId: z.string().nullable(), createdAt: z.string(), entries: z.number(), minutes: z.number() });

/** Invoices and credit notes: create from an order, post, delete drafts, reverse, credit entries, PDF. */
export function registerInvoicingRoutes(app: App, db: Db, config: Pick<Config, 'strandedDraftHours' | 'publicUrl' | 'outboxMaxAttempts'>): void {
  const p = API_PREFIX;
  const read = async (invoiceId: number) => getInvoice(db, invoiceId, (await getCompanySettings(db)).currencyDecimals);
  const created = { 201: invoiceRead, ...errorResponses };

  app.post(`${p}/sale-orders/:id/invoices`, {
    config: { access: policy.invoicesWrite },
    schema: { tags: ['invoices'], params: idParams, body: z.strictObject({ periodStart: dateString.optional(), periodEnd: dateString.optional(), post: z.boolean().optional(), invoiceDate: dateString.optional() }).optional(), response: created },
  }, async (r, reply) => reply.status(201).send(await read(await createInvoiceFromOrder(db, Number(r.params.id), r.body ?? {}))));
  app.get(`${p}/invoices`, {
    config: { access: policy.invoicesRead },
    schema: { tags: ['invoices'], querystring: z.strictObject({ ...listQuery, state: state.optional(), ...invoiceFilters }), response: { 200: listOf(invoiceSummary), ...errorResponses } },
  }, async (r) => listInvoices(db, r.query));
  app.get(`${p}/invoices/stranded-drafts`, {
    config: { access: policy.invoicesRead },
    schema: {
      tags: ['invoices'],
      description: 'Draft invoices older than DESKBILL_STRANDED_DRAFT_HOURS, oldest first: their claims keep their entries out of "to invoice" until they are posted or deleted.',
      response: { 200: z.object({ olderThanHours: z.number(), items: z.array(strandedDraft) }), ...errorResponses },
    },
  }, async () => ({ olderThanHours: config.strandedDraftHours, items: await strandedDrafts(db, config.strandedDraftHours) }));
  app.get(`${p}/invoices/:id`, { config: { access: policy.invoicesRead }, schema: { tags: ['invoices'], params: idParams, response: { 200: invoiceRead, ...errorResponses } } }, async (r) => read(Number(r.params.id)));
  app.delete(`${p}/invoices/:id`, { config: { access: policy.invoicesWrite }, schema: { tags: ['invoices'], params: idParams, response: { 204: z.null(), ...errorResponses } } }, async (r, reply) => {
    await deleteDraft(db, Number(r.params.id));
    return reply.status(204).send(null);
  });
  app.delete(`${p}/invoices/:id/lines/:lineId`, {
    config: { access: policy.invoicesWrite },
    schema: { tags: ['invoices'], params: z.strictObject({ id, lineId: id }), response: { 200: invoiceRead, ...errorResponses } },
  }, async (r) => {
    await deleteDraftLine(db, Number(r.params.id), Number(r.params.lineId));
    return read(Number(r.params.id));
  });
  app.post(`${p}/invoices/:id/post`, {
    config: { access: policy.invoicesWrite },
    schema: { tags: ['invoices'], params: idParams, body: z.strictObject({ invoiceDate: dateString.optional() }).optional(), response: { 200: invoiceRead, ...errorResponses } },
  }, async (r) => {
    await postInvoice(db, Number(r.params.id), r.body ?? {});
    return read(Number(r.params.id));
  });
  app.post(`${p}/invoices/:id/reverse`, { config: { access: policy.invoicesWrite }, schema: { tags: ['invoices'], params: idParams, response: created } }, async (r, reply) =>
    reply.status(201).send(await read(await reverseInvoice(db, Number(r.params.id)))));
  app.post(`${p}/invoices/:id/credit-notes`, {
    config: { access: policy.invoicesWrite },
    schema: { tags: ['invoices'], params: idParams, body: z.strictObject({ timesheetIds: z.array(id).min(1).max(10000) }), response: created },
  }, async (r, reply) => reply.status(201).send(await read(await creditEntries(db, Number(r.params.id), r.body.timesheetIds.map(Number)))));
  app.get(`${p}/invoices/:id/pdf`, {
    config: { access: policy.invoicesRead },
    schema: {
      tags: ['invoices'],
      description: 'The PDF of an invoice or credit note. `format=facturx`: a Factur-X / ZUGFeRD PDF/A-3b (EN 16931 profile) with the CII XML embedded as factur-x.xml, for posted documents only (409 INVOICE_NOT_POSTED; 422 EINVOICE_INCOMPLETE naming the missing company or customer fields).',
      params: idParams,
      querystring: z.strictObject({ format: z.enum(['pdf', 'facturx']).default('pdf') }),
    },
  }, async (r, reply) => {
    const { filename, pdf } = await invoicePdf(db, Number(r.params.id), r.query.format);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
  });
  app.post(`${p}/invoices/:id/send`, {
    config: { access: policy.invoicesWrite },
    schema: {
      tags: ['invoices'], params: idParams, body: z.strictObject({}).optional(),
      description: "Mails a posted invoice or credit note, with its PDF, to the customer's billing e-mail (else its company's, else its e-mail): answers at once with the send queued; GET /invoices/:id/sends shows its delivery. Each call is a new send.",
      response: { 201: invoiceSend, ...errorResponses },
    },
  }, async (r, reply) => reply.status(201).send(await sendInvoice(db, Number(r.params.id), caller(r).userId, { publicUrl: config.publicUrl, maxAttempts: config.outboxMaxAttempts })));
  app.get(`${p}/invoices/:id/sends`, {
    config: { access: policy.invoicesRead },
    schema: { tags: ['invoices'], params: idParams, response: { 200: z.object({ items: z.array(invoiceSend) }), ...errorResponses } },
  }, async (r) => ({ items: await listInvoiceSends(db, Number(r.params.id)) }));
  app.get(`${p}/invoices/:id/payments`, {
    config: { access: policy.invoicesRead },
    schema: { tags: ['invoices'], params: idParams, response: { 200: z.object({ items: z.array(invoicePayment) }), ...errorResponses } },
  }, async (r) => ({ items: await listInvoicePayments(db, Number(r.params.id)) }));
  app.post(`${p}/invoices/:id/payments`, {
    config: { access: policy.invoicesWrite },
    schema: {
      tags: ['invoices'], params: idParams, body: paymentCreate,
      description: 'R65: registers a payment on a posted invoice (append-only). 409 INVOICE_NOT_POSTED for a draft; 422 CREDIT_NOTE_NOT_PAYABLE for a credit note; 422 OVERPAYMENT above the amount due unless `overpayment` is true.',
      response: { 201: invoicePayment, ...errorResponses },
    },
  }, async (r, reply) => reply.status(201).send(await registerPayment(db, Number(r.params.id), caller(r).userId, r.body)));
  app.get(`${p}/invoices/:id/ubl`, {
    config: { access: policy.invoicesRead },
    schema: {
      tags: ['invoices'],
      description: 'The UBL 2.1 e-invoice (Peppol BIS Billing 3.0, EN 16931) of a posted invoice or credit note, as an attachment named after its number. 409 INVOICE_NOT_POSTED for a draft; 422 EINVOICE_INCOMPLETE with one detail per missing company or customer field (path record.field, message naming the rule).',
      params: idParams,
    },
  }, async (r, reply) => {
    const { filename, xml } = await invoiceUbl(db, Number(r.params.id));
    return reply.header('content-type', 'application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(xml);
  });
}
