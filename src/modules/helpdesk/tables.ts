import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const projects = pgTable('projects', {
  id: id(),
  name: text('name').notNull(),
  customerId: bigint('customer_id', { mode: 'number' }),
  createdAt: createdAt(),
});

export const teams = pgTable('teams', {
  id: id(),
  name: text('name').notNull(),
  timesheetsEnabled: boolean('timesheets_enabled').notNull().default(false),
  billingEnabled: boolean('billing_enabled').notNull().default(false),
  projectId: bigint('project_id', { mode: 'number' }),
  /** R67: the stage a ticket in the team's first stage moves to when time is logged on it; null: it stays. */
  stageOnTimeLogged: bigint('stage_on_time_logged', { mode: 'number' }),
  createdAt: createdAt(),
});

/**
 * Open tickets per team (not in a closed stage), and of those the unassigned and the urgent ones,
 * kept by database triggers as tickets and stages change (migration 0008); nothing in the code
 * writes it. Read by the helpdesk dashboard.
 */
export const teamTicketCounts = pgTable('team_ticket_counts', {
  teamId: bigint('team_id', { mode: 'number' }).primaryKey(),
  openTickets: bigint('open_tickets', { mode: 'number' }).notNull(),
  unassigned: bigint('unassigned', { mode: 'number' }).notNull(),
  urgent: bigint('urgent', { mode: 'number' }).notNull(),
});

export const stages = pgTable('stages', {
  id: id(),
  teamId: bigint('team_id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  sequence: integer('sequence').notNull(),
  closed: boolean('closed').notNull().default(false),
});

export const tickets = pgTable('tickets', {
  id: id(),
  // Given by the database default (ticket_number_seq).
  number: bigint('number', { mode: 'number' }).notNull().default(sql`DEFAULT`),
  subject: text('subject').notNull(),
  description: text('description').notNull().default(''),
  teamId: bigint('team_id', { mode: 'number' }).notNull(),
  customerId: bigint('customer_id', { mode: 'number' }),
  assigneeId: bigint('assignee_id', { mode: 'number' }),
  priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
  stageId: bigint('stage_id', { mode: 'number' }).notNull(),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
