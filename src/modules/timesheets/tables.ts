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
  /** R77: the kind of work (remote, on-site, after-hours), or none. */
  workTypeId: bigint('work_type_id', { mode: 'number' }),
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

/**
 * R79: an agent's timer on a ticket (migration 0023), at most one per agent. Its time is computed
 * from `accumulated_seconds` (finished runs) and `started_at` (the run going on) with the
 * database's now(); a `stopped` timer is a draft entry waiting to be confirmed or discarded.
 */
export const timers = pgTable('timers', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  state: text('state', { enum: ['running', 'paused', 'stopped'] }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
  accumulatedSeconds: integer('accumulated_seconds').notNull().default(0),
  firstStartedAt: timestamp('first_started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  stoppedAt: timestamp('stopped_at', { withTimezone: true, mode: 'date' }),
});

/**
 * R77: kinds of work an entry may carry. Never deleted (entries name them): deactivated, and then
 * no new entry takes one. The multiplier (> 0, default 1) is stored here; R78 applies it to billed quantities.
 */
export const workTypes = pgTable('work_types', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  multiplier: numeric('multiplier').notNull().default('1'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
