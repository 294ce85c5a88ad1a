import { sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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
  /** R78: the factor applied to what the entry bills (a work type's, e.g. after-hours × 1.5); never to `minutes`. */
  billedMultiplier: numeric('billed_multiplier').notNull().default('1'),
  /** R78: what the entry bills, derived by the database (trigger of migration 0022) from `minutes`, its line's increments and `billedMultiplier`. */
  billedMinutes: integer('billed_minutes').notNull().default(sql`DEFAULT`),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Billed minutes (R78) of billable entries per ticket and line: all (delivered, R30) and those without a live
 * claim (R13 "to invoice"), kept by database triggers as entries and claims change (migration
 * 0005), with the ticket's team (migration 0008); nothing in the code writes it. Read by the order
 * figures and the helpdesk dashboard.
 */
export const timesheetSums = pgTable('timesheet_sums', {
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }).notNull(),
  teamId: bigint('team_id', { mode: 'number' }).notNull(),
  deliveredMinutes: bigint('delivered_minutes', { mode: 'number' }).notNull(),
  toInvoiceMinutes: bigint('to_invoice_minutes', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.saleOrderLineId] })]);
