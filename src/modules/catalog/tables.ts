import { bigint, boolean, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const products = pgTable('products', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  type: text('type', { enum: ['service'] }).notNull().default('service'),
  unit: text('unit', { enum: ['hour', 'day', 'unit'] }).notNull(),
  unitPrice: numeric('unit_price').notNull(),
  taxRate: numeric('tax_rate').notNull(),
  invoicingPolicy: text('invoicing_policy', { enum: ['timesheets', 'prepaid', 'manual'] }).notNull(),
  active: boolean('active').notNull().default(true),
  /** R74: percent of a prepaid block whose delivery alerts the account manager; null: no alert. */
  upsellThresholdPercent: numeric('upsell_threshold_percent'),
  /** R75: time beyond a prepaid block is billed as overage. */
  billOverage: boolean('bill_overage').notNull().default(false),
  /** R78, decision 0046: default billing increments that a new line of the product copies (null: none). */
  billingStepMinutes: integer('billing_step_minutes'),
  billingMinimumMinutes: integer('billing_minimum_minutes'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Issue 12 (R66): a tax record; only a standard tax has a rate above 0 (CHECK taxes_rate_fits_category). */
export const taxes = pgTable('taxes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  rate: numeric('rate').notNull(),
  category: text('category', { enum: ['standard', 'zero', 'exempt', 'reverse_charge', 'outside_scope'] }).notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
