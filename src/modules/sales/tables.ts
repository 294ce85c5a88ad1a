import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const saleOrders = pgTable('sale_orders', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  // Given by the database default (sale_order_number_seq).
  number: text('number').notNull().default(sql`DEFAULT`),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  state: text('state', { enum: ['draft', 'confirmed', 'cancelled'] }).notNull().default('draft'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
  /** R74: who gets the upsell alerts; the database sets the user creating the order (decision 0036). */
  accountManagerId: bigint('account_manager_id', { mode: 'number' }),
});

export const saleOrderLines = pgTable('sale_order_lines', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  orderId: bigint('order_id', { mode: 'number' }).notNull(),
  sequence: integer('sequence').notNull().default(10),
  productId: bigint('product_id', { mode: 'number' }).notNull(),
  description: text('description').notNull(),
  unit: text('unit', { enum: ['hour', 'day', 'unit'] }).notNull(),
  invoicingPolicy: text('invoicing_policy', { enum: ['timesheets', 'prepaid', 'manual'] }).notNull(),
  quantity: numeric('quantity').notNull(),
  unitPrice: numeric('unit_price').notNull(),
  taxRate: numeric('tax_rate').notNull(),
  /** The tax record the rate came from (R66); null for a rate given by hand or a line from before migration 0016. */
  taxId: bigint('tax_id', { mode: 'number' }),
  qtyDeliveredManual: numeric('qty_delivered_manual').notNull().default('0'),
  /** R75: copied from the product: time beyond the block is billed as overage. */
  billOverage: boolean('bill_overage').notNull().default(false),
  /** R74: raised by the database with the ordered quantity (a top-up): one alert per generation. */
  alertGeneration: integer('alert_generation').notNull().default(0),
  /** R78: each entry on the line is billed rounded up to a multiple of this (null: no step). */
  billingStepMinutes: integer('billing_step_minutes'),
  /** R78: each entry on the line is billed at least this (null: no minimum). */
  billingMinimumMinutes: integer('billing_minimum_minutes'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * R76/R77: the routes of an order: the time of one agent (`userId`) or of one work type
 * (`workTypeId`, a timesheets record) on this order's tickets bills on one of its lines. Exactly one
 * key per row, at most one route per key and order (migration 0021).
 */
export const saleOrderRoutes = pgTable('sale_order_routes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  orderId: bigint('order_id', { mode: 'number' }).notNull(),
  userId: bigint('user_id', { mode: 'number' }),
  workTypeId: bigint('work_type_id', { mode: 'number' }),
  saleOrderLineId: bigint('sale_order_line_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
