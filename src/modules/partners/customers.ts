import { and, eq, sql, type SQL } from 'drizzle-orm';
import { containing, inTransaction, queryRows, setsAnything, type Db, type Executor } from '../../platform/db.ts';
import { partyIdentifierProblems, type PartyIdentifiers } from '../../core/party-ids.ts';
import { defaultFiscalPosition, type FiscalPosition } from '../../core/taxes.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { customers } from './tables.ts';

export interface Address {
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface CustomerRead {
  id: string;
  name: string;
  kind: 'company' | 'person';
  companyId: string | null;
  commercialEntityId: string;
  email: string | null;
  /** Where invoices are mailed, when not `email` (decision 0025). */
  billingEmail: string | null;
  phone: string | null;
  address: Address;
  vatId: string | null;
  /** Legal registration id (BT-47) and its ISO 6523 scheme; Peppol endpoint (BT-49) and its EAS scheme. */
  registrationId: string | null;
  registrationScheme: string | null;
  peppolEndpointId: string | null;
  peppolEndpointScheme: string | null;
  /** R66: picks the tax of new order lines. */
  fiscalPosition: FiscalPosition;
  createdAt: string;
}

export interface CustomerInput {
  name: string;
  kind: 'company' | 'person';
  companyId?: string | null | undefined;
  email?: string | null | undefined;
  billingEmail?: string | null | undefined;
  phone?: string | null | undefined;
  address?: Partial<Address> | undefined;
  vatId?: string | null | undefined;
  registrationId?: string | null | undefined;
  registrationScheme?: string | null | undefined;
  peppolEndpointId?: string | null | undefined;
  peppolEndpointScheme?: string | null | undefined;
  fiscalPosition?: FiscalPosition | undefined;
}

type Row = typeof customers.$inferSelect;

/** The commercial entity of a customer: its company, or itself (a company or a lone person). */
export function commercialEntityOf(row: { id: number; companyId: number | null }): number {
  return row.companyId ?? row.id;
}

function toCustomerRead(row: Row): CustomerRead {
  return {
    id: String(row.id),
    name: row.name,
    kind: row.kind,
    companyId: row.companyId == null ? null : String(row.companyId),
    commercialEntityId: String(commercialEntityOf(row)),
    email: row.email,
    billingEmail: row.billingEmail,
    phone: row.phone,
    address: { street: row.street, city: row.city, postalCode: row.postalCode, country: row.country },
    vatId: row.vatId,
    registrationId: row.registrationId,
    registrationScheme: row.registrationScheme,
    peppolEndpointId: row.peppolEndpointId,
    peppolEndpointScheme: row.peppolEndpointScheme,
    fiscalPosition: row.fiscalPosition,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The ids of a customer and its contacts, as a subquery for `IN (…)`: given a company, the whole
 * commercial entity; given a person, that person.
 */
export function customerAndContactIds(customerId: number): SQL {
  return sql`SELECT id FROM customers WHERE id = ${customerId} OR company_id = ${customerId}`;
}

/**
 * Where a customer's invoices are mailed: its billing e-mail, else its company's billing e-mail
 * (a contact of a company), else its own e-mail, else its company's; null when none is set.
 */
export async function invoiceRecipient(db: Executor, customerId: number): Promise<{ name: string; email: string } | null> {
  const [row] = await queryRows<{ name: string; email: string | null }>(db, sql`
    SELECT c.name, coalesce(c.billing_email, co.billing_email, c.email, co.email) AS email
      FROM customers c LEFT JOIN customers co ON co.id = c.company_id
     WHERE c.id = ${customerId}`);
  return row?.email ? { name: row.name, email: row.email } : null;
}

/** Loads a customer row, or null. */
export async function findCustomerRow(db: Executor, customerId: number): Promise<Row | null> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
  return row ?? null;
}

/** Reads a customer or answers 404. */
export async function getCustomer(db: Executor, customerId: number): Promise<CustomerRead> {
  const row = await findCustomerRow(db, customerId);
  if (!row) throw notFound('Customer');
  return toCustomerRead(row);
}

/** Lists customers by name; filters: kind, companyId (its contacts), text. */
export async function listCustomers(db: Db, query: { limit: number; cursor?: string | undefined; kind?: 'company' | 'person' | undefined; companyId?: string | undefined; q?: string | undefined }) {
  const page = byName(customers.name, customers.id, query.cursor);
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        query.kind ? eq(customers.kind, query.kind) : undefined,
        query.companyId ? eq(customers.companyId, Number(query.companyId)) : undefined,
        query.q ? sql`${customers.name} ILIKE ${containing(query.q)}` : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, page.key, toCustomerRead);
}

async function checkCompany(db: Executor, kind: 'company' | 'person', companyId: string | null | undefined, selfId?: number): Promise<void> {
  if (!companyId) return;
  if (kind !== 'person') throw invalid('companyId', 'Only a person belongs to a company');
  const company = await findCustomerRow(db, Number(companyId));
  if (!company || company.id === selfId) throw invalid('companyId', 'No such customer');
  if (company.kind !== 'company') throw invalid('companyId', 'Must be a company');
}

function columns(input: Partial<CustomerInput>) {
  return {
    name: input.name,
    kind: input.kind,
    companyId: input.companyId === undefined ? undefined : input.companyId === null ? null : Number(input.companyId),
    email: input.email,
    billingEmail: input.billingEmail,
    phone: input.phone,
    street: input.address?.street,
    city: input.address?.city,
    postalCode: input.address?.postalCode,
    country: input.address?.country,
    vatId: input.vatId,
    registrationId: input.registrationId,
    registrationScheme: input.registrationScheme,
    peppolEndpointId: input.peppolEndpointId,
    peppolEndpointScheme: input.peppolEndpointScheme,
    fiscalPosition: input.fiscalPosition,
  };
}

/** Refuses (400, naming the field) identifiers that would be wrong once `patch` is applied to `current`. */
function checkIdentifiers(current: PartyIdentifiers, patch: PartyIdentifiers): void {
  const [problem] = partyIdentifierProblems(current, patch);
  if (problem) throw invalid(problem.path, problem.message);
}

/**
 * Creates a company or a person (optionally a contact of a company). Without a fiscal position it
 * gets the default of its country and VAT id, seen from `companyCountry` (R66).
 */
export async function createCustomer(db: Db, input: CustomerInput, companyCountry: string | null): Promise<CustomerRead> {
  await checkCompany(db, input.kind, input.companyId);
  checkIdentifiers({}, input);
  const fiscalPosition = input.fiscalPosition ?? defaultFiscalPosition(companyCountry, { country: input.address?.country ?? null, vatId: input.vatId ?? null });
  const [row] = await db.insert(customers).values({ ...columns(input), name: input.name, kind: input.kind, fiscalPosition }).returning();
  return toCustomerRead(row!);
}

/**
 * Changes a customer. A company with contacts cannot become a person. Moving a person to
 * another company changes its commercial entity; the helpdesk reacts to that (R22).
 */
export async function updateCustomer(db: Executor, customerId: number, patch: Partial<CustomerInput>): Promise<CustomerRead> {
  return inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!current) throw notFound('Customer');
    const kind = patch.kind ?? current.kind;
    const companyId = patch.companyId !== undefined ? patch.companyId : current.companyId == null ? null : String(current.companyId);
    if (kind === 'company' && companyId) throw invalid('companyId', 'A company belongs to no company');
    await checkCompany(tx, kind, companyId, customerId);
    checkIdentifiers(current, patch);
    if (kind === 'person' && current.kind === 'company') {
      const [contact] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.companyId, customerId)).limit(1);
      if (contact) throw new AppError('RULE_VIOLATION', 'This company has contacts; it cannot become a person');
    }
    const values = columns(patch);
    if (!setsAnything(values)) return toCustomerRead(current);
    const [row] = await tx.update(customers).set(values).where(eq(customers.id, customerId)).returning();
    return toCustomerRead(row!);
  });
}
