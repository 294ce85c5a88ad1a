import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, integer, numeric, pgTable, smallint, text, timestamp, char } from 'drizzle-orm/pg-core';

/** bytea as a Buffer: node-postgres reads a Buffer, PGlite a Uint8Array. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const companySettings = pgTable('company_settings', {
  id: smallint('id').primaryKey(),
  name: text('name').notNull(),
  street: text('street'),
  city: text('city'),
  postalCode: text('postal_code'),
  country: text('country'),
  vatId: text('vat_id'),
  registrationId: text('registration_id'),
  registrationScheme: text('registration_scheme'),
  peppolEndpointId: text('peppol_endpoint_id'),
  peppolEndpointScheme: text('peppol_endpoint_scheme'),
  iban: text('iban'),
  bic: text('bic'),
  currency: char('currency', { length: 3 }).notNull(),
  minutesPerDay: integer('minutes_per_day').notNull(),
  paymentTermsDays: integer('payment_terms_days').notNull(),
  paymentTermsText: text('payment_terms_text').notNull(),
  defaultTaxRate: numeric('default_tax_rate').notNull(),
  invoiceMailSubject: text('invoice_mail_subject').notNull(),
  invoiceMailBody: text('invoice_mail_body').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * The company's logo images (R72, decision 0043): immutable versions, one per distinct image
 * (`sha256` is computed by the database from `content`). A posted invoice refers to the version it
 * was posted with; a version no posted invoice refers to goes when the company leaves it.
 */
export const companyLogoVersions = pgTable('company_logo_versions', {
  id: id(),
  mediaType: text('media_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
  content: bytea('content').notNull(),
  sha256: bytea('sha256').notNull().generatedAlwaysAs(sql`sha256(content)`),
  createdAt: createdAt(),
});

/** The company's current logo (R72): at most one row, id 1, pointing at its version; none without a logo. */
export const companyLogos = pgTable('company_logos', {
  id: smallint('id').primaryKey(),
  versionId: bigint('version_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: id(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  role: text('role', { enum: ['admin', 'manager', 'agent', 'accountant', 'customer'] }).notNull(),
  passwordHash: text('password_hash'),
  hourlyCost: numeric('hourly_cost').notNull().default('0'),
  customerId: bigint('customer_id', { mode: 'number' }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const userTeams = pgTable('user_teams', {
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  teamId: bigint('team_id', { mode: 'number' }).notNull(),
});

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

export const loginFailures = pgTable('login_failures', {
  id: id(),
  scope: text('scope', { enum: ['account', 'address'] }).notNull(),
  keyHash: text('key_hash').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const accountLinks = pgTable('account_links', {
  id: id(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  kind: text('kind', { enum: ['invite', 'reset'] }).notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: bigint('created_by', { mode: 'number' }),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});

/**
 * R74: in-app notifications of a user: today the upsell alerts of prepaid blocks, written by the
 * database (migration 0020's trigger on timesheet_sums), one per line, alert generation and recipient
 * (the account manager, or each active admin: R80, migration 0030).
 */
export const notifications = pgTable('notifications', {
  id: id(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  kind: text('kind', { enum: ['prepaid_threshold'] }).notNull(),
  saleOrderId: bigint('sale_order_id', { mode: 'number' }).notNull(),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }).notNull(),
  generation: integer('generation').notNull(),
  message: text('message').notNull(),
  createdAt: createdAt(),
  handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }),
  handledBy: bigint('handled_by', { mode: 'number' }),
});
