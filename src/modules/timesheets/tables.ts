import { bigint, boolean, date, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

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
 * R30 kept by the database (migration 0005, decision 0021): Σ minutes of the billable entries
 * linked to each line, spread over slots that a read adds up. Triggers on `timesheets` write it.
 */
export const timesheetLineTotals = pgTable('timesheet_line_totals', {
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }).notNull(),
  slot: smallint('slot').notNull(),
  minutes: bigint('minutes', { mode: 'number' }).notNull(),
});
