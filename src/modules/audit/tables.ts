import { bigint, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One change to a billing-relevant record, written by the database triggers of migration 0002. */
export const auditEvents = pgTable('audit_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  actorId: bigint('actor_id', { mode: 'number' }),
  objectType: text('object_type').notNull(),
  objectId: bigint('object_id', { mode: 'number' }).notNull(),
  action: text('action').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
});
