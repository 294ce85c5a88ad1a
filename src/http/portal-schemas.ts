import { z } from 'zod';
import { id, listQuery, name, text } from '../platform/schemas.ts';

/**
 * The portal's own read shapes, strict: an answer carrying a field not declared here fails (500)
 * instead of reaching a customer, so a field added to a read model is never shown unreviewed.
 */
const unit = z.enum(['hour', 'day', 'unit']);

export const portalTicketRead = z.strictObject({
  id: z.string(), number: z.number(), subject: z.string(), description: z.string(), teamName: z.string(), stageName: z.string(),
  closed: z.boolean(), priority: z.enum(['low', 'normal', 'high', 'urgent']), customerName: z.string(), assigneeName: z.string().nullable(),
  billableMinutes: z.number(), billedMinutes: z.number().describe('R78: what the billable time bills (increments, multipliers); a prepaid block counts this'),
  createdAt: z.string(), updatedAt: z.string(),
});

export const portalTimesheetRead = z.strictObject({
  id: z.string(), date: z.string(), minutes: z.number().describe('the time recorded'), billedMinutes: z.number().describe('R78: the time it bills'),
  billedMultiplier: z.string().describe('R77: the work type multiplier in the billed minutes'), description: z.string(),
});

export const portalCommentRead = z.strictObject({ id: z.string(), authorName: z.string(), fromCustomer: z.boolean(), body: z.string(), createdAt: z.string() });

export const staffCommentRead = z.strictObject({
  id: z.string(), ticketId: z.string(), authorId: z.string(), authorName: z.string(), fromCustomer: z.boolean(), internal: z.boolean(), body: z.string(), createdAt: z.string(),
});

export const portalOrderRead = z.strictObject({
  id: z.string(), number: z.string(), customerName: z.string(), confirmedAt: z.string().nullable(),
  lines: z.array(z.strictObject({ id: z.string(), description: z.string(), unit, quantity: z.string(), qtyDelivered: z.string(), qtyInvoiced: z.string(), remaining: z.string().nullable() })),
});

const invoiceSummaryShape = {
  id: z.string(), kind: z.enum(['invoice', 'credit_note']), number: z.string(), customerName: z.string(), invoiceDate: z.string(), dueDate: z.string().nullable(),
  currency: z.string(), amountUntaxed: z.string(), amountTax: z.string(), amountTotal: z.string(),
  amountDue: z.string().nullable().describe('R65: still owed on an invoice; null on a credit note'),
  paymentState: z.enum(['not_paid', 'partially_paid', 'paid', 'overdue']).nullable(),
};
export const portalInvoiceSummary = z.strictObject(invoiceSummaryShape);
export const portalInvoiceRead = z.strictObject({
  ...invoiceSummaryShape,
  lines: z.array(z.strictObject({
    description: z.string(), unit, quantity: z.string(), unitPrice: z.string(), taxRate: z.string(), subtotal: z.string(), taxAmount: z.string(),
    entries: z.array(z.strictObject({ date: z.string(), ticketNumber: z.number(), ticketSubject: z.string(), description: z.string(), minutes: z.number() })),
  })),
});

export const portalTeamRead = z.strictObject({ id: z.string(), name: z.string() });
export const portalMeRead = z.strictObject({ customerName: z.string(), commercialEntityName: z.string() });

/** A comment's text: 1 to 20,000 characters after trimming. */
const commentBody = name(20000);
export const portalCommentCreate = z.strictObject({ body: commentBody });
export const staffCommentCreate = z.strictObject({ body: commentBody, internal: z.boolean().optional() });
export const portalTicketCreate = z.strictObject({ teamId: id, subject: name(300), description: text(20000).optional() });
export const portalTicketQuery = z.strictObject({ ...listQuery, closed: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
export const pageQuery = z.strictObject(listQuery);
