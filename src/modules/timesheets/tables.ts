import { bigint, boolean, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const timesheets = pgTable('timesheets', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  projectId: bigint('project_id', { mode: 'number' }).notNull(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  minutes: integer('minutes').notNull(),
  description: text('description').notNull().default(''),
  billable: boolean('billable').notNull(),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }),
  pinned: boolean('pinned').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * R13 "to invoice" minutes per ticket and line (billable entries on the line without a live
 * claim), kept by database triggers as entries and claims change (migration 0005); nothing in
 * the code writes it. Read by the helpdesk dashboard.
 */
export const timesheetToInvoice = pgTable('timesheet_to_invoice', {
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }).notNull(),
  minutes: bigint('minutes', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.saleOrderLineId] })]);
