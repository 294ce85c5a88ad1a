import { bigint, boolean, char, date, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const invoices = pgTable('invoices', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
  state: text('state', { enum: ['draft', 'posted'] }).notNull().default('draft'),
  number: text('number'),
  saleOrderId: bigint('sale_order_id', { mode: 'number' }),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  reversedInvoiceId: bigint('reversed_invoice_id', { mode: 'number' }),
  currency: char('currency', { length: 3 }).notNull(),
  invoiceDate: date('invoice_date', { mode: 'string' }),
  dueDate: date('due_date', { mode: 'string' }),
  periodStart: date('period_start', { mode: 'string' }),
  periodEnd: date('period_end', { mode: 'string' }),
  customerName: text('customer_name'),
  customerStreet: text('customer_street'),
  customerCity: text('customer_city'),
  customerPostalCode: text('customer_postal_code'),
  customerCountry: text('customer_country'),
  customerVatId: text('customer_vat_id'),
  companyName: text('company_name'),
  companyStreet: text('company_street'),
  companyCity: text('company_city'),
  companyPostalCode: text('company_postal_code'),
  companyCountry: text('company_country'),
  companyVatId: text('company_vat_id'),
  companyIban: text('company_iban'),
  companyBic: text('company_bic'),
  paymentTermsText: text('payment_terms_text'),
  /** R43/R72: the logo version the document was posted with (decision 0043); null on a draft and when posted without a logo. */
  companyLogoId: bigint('company_logo_id', { mode: 'number' }),
  amountUntaxed: numeric('amount_untaxed').notNull().default('0'),
  amountTax: numeric('amount_tax').notNull().default('0'),
  amountTotal: numeric('amount_total').notNull().default('0'),
  /** The legal mention the lines call for (R66: reverse charge), or null. */
  taxMention: text('tax_mention'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  postedAt: timestamp('posted_at', { withTimezone: true, mode: 'date' }),
});

export const invoiceLines = pgTable('invoice_lines', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
  sequence: integer('sequence').notNull().default(10),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }),
  originLineId: bigint('origin_line_id', { mode: 'number' }),
  description: text('description').notNull(),
  unit: text('unit', { enum: ['hour', 'day', 'unit'] }).notNull(),
  quantity: numeric('quantity').notNull(),
  unitPrice: numeric('unit_price').notNull(),
  taxRate: numeric('tax_rate').notNull(),
  /** The tax as it was when the line was made (R66); null on lines without a tax record. */
  taxName: text('tax_name'),
  taxCategory: text('tax_category', { enum: ['standard', 'zero', 'exempt', 'reverse_charge', 'outside_scope'] }),
  subtotal: numeric('subtotal').notNull(),
  taxAmount: numeric('tax_amount').notNull(),
  /** R75: bills time beyond a prepaid block (a credit line of one is one too: set by the database). */
  overage: boolean('overage').notNull().default(false),
});

export const invoiceLineEntries = pgTable('invoice_line_entries', {
  invoiceLineId: bigint('invoice_line_id', { mode: 'number' }).notNull(),
  timesheetId: bigint('timesheet_id', { mode: 'number' }).notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  agentName: text('agent_name').notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  ticketNumber: bigint('ticket_number', { mode: 'number' }).notNull(),
  ticketSubject: text('ticket_subject').notNull(),
  description: text('description').notNull(),
  /** R78: the minutes the line counts for this entry (its billed minutes). */
  minutes: integer('minutes').notNull(),
  /** R78: the entry's recorded minutes when billed; null on rows from before migration 0022 (= minutes). */
  recordedMinutes: integer('recorded_minutes'),
  billedMultiplier: numeric('billed_multiplier').notNull().default('1'),
});

export const timesheetClaims = pgTable('timesheet_claims', {
  timesheetId: bigint('timesheet_id', { mode: 'number' }).primaryKey(),
  invoiceLineId: bigint('invoice_line_id', { mode: 'number' }).notNull(),
});

export const creditClaims = pgTable('credit_claims', {
  timesheetId: bigint('timesheet_id', { mode: 'number' }).primaryKey(),
  invoiceLineId: bigint('invoice_line_id', { mode: 'number' }).notNull(),
});

export const documentSequences = pgTable('document_sequences', {
  series: text('series', { enum: ['INV', 'RINV'] }).notNull(),
  year: integer('year').notNull(),
  lastNumber: integer('last_number').notNull(),
});

/** Issue 11: each mailing of a posted document; its delivery state is its outbox row's (append-only). */
export const invoiceSends = pgTable('invoice_sends', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
  toEmail: text('to_email').notNull(),
  toName: text('to_name').notNull(),
  sentBy: bigint('sent_by', { mode: 'number' }),
  outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Issue 12, R65: a payment registered on a posted invoice (append-only; migration 0015). */
export const invoicePayments = pgTable('invoice_payments', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
  paymentDate: date('payment_date', { mode: 'string' }).notNull(),
  amount: numeric('amount').notNull(),
  method: text('method', { enum: ['bank_transfer', 'card', 'cash', 'cheque', 'other'] }).notNull(),
  reference: text('reference').notNull(),
  isOverpayment: boolean('is_overpayment').notNull(),
  createdBy: bigint('created_by', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
