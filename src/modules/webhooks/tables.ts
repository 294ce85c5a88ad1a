import { bigint, boolean, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** An admin's registered receiver (migration 0014). */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: text('events').array().notNull(),
  active: boolean('active').notNull().default(true),
  disabledReason: text('disabled_reason'),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true, mode: 'date' }),
  secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** One message to an endpoint (an event's first delivery, or a resend of it) and the outbox row carrying it. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  endpointId: bigint('endpoint_id', { mode: 'number' }).notNull(),
  eventId: text('event_id').notNull(),
  eventType: text('event_type').notNull(),
  outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
  resendOf: bigint('resend_of', { mode: 'number' }),
  createdAt: createdAt(),
});

/** The one row of webhook settings. */
export const webhookSettings = pgTable('webhook_settings', {
  id: smallint('id').primaryKey(),
  allowPrivateTargets: boolean('allow_private_targets').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
