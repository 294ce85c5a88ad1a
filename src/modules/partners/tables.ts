import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const customers = pgTable('customers', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['company', 'person'] }).notNull(),
  companyId: bigint('company_id', { mode: 'number' }),
  email: text('email'),
  billingEmail: text('billing_email'),
  phone: text('phone'),
  street: text('street'),
  city: text('city'),
  postalCode: text('postal_code'),
  country: text('country'),
  vatId: text('vat_id'),
  registrationId: text('registration_id'),
  registrationScheme: text('registration_scheme'),
  peppolEndpointId: text('peppol_endpoint_id'),
  peppolEndpointScheme: text('peppol_endpoint_scheme'),
  fiscalPosition: text('fiscal_position', { enum: ['domestic', 'eu_business', 'outside_eu'] }).notNull().default('domestic'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
