import { bigint, boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The conversation of a ticket; `internal` marks a note visible to staff only. */
export const ticketComments = pgTable('ticket_comments', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  authorId: bigint('author_id', { mode: 'number' }).notNull(),
  body: text('body').notNull(),
  internal: boolean('internal').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
