import { and, eq, sql } from 'drizzle-orm';
import type { InvoicingPolicy } from '../../core/billing-status.ts';
import { formatPrice, formatRate } from '../../core/money.ts';
import type { Unit } from '../../core/quantity.ts';
import { containing, setsAnything, type Db, type Executor } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { checkCurrencyDecimals } from '../../platform/schemas.ts';
import { seesCosts, type Role } from '../../platform/access.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { products } from './tables.ts';

export interface ProductRead {
  id: string;
  name: string;
  type: 'service';
  unit: Unit;
  /** Null for roles that do not see prices (agents). */
  unitPrice: string | null;
  taxRate: string;
  invoicingPolicy: InvoicingPolicy;
  /** R74: percent of a prepaid block whose use alerts the account manager; null: no alert. */
  upsellThresholdPercent: string | null;
  /** R75: time beyond a prepaid block is billed as overage. */
  billOverage: boolean;
  /** R78, decision 0046: increments a new line of the product takes (null: none). */
  billingStepMinutes: number | null;
  billingMinimumMinutes: number | null;
  active: boolean;
  createdAt: string;
}

/** R78: billing increments in whole minutes (null: none), of a line or, as defaults, of a product. */
export interface BillingIncrements {
  billingStepMinutes?: number | null | undefined;
  billingMinimumMinutes?: number | null | undefined;
}

export interface ProductInput extends BillingIncrements {
  name: string;
  unit: Unit;
  unitPrice: string;
  taxRate?: string | undefined;
  invoicingPolicy: InvoicingPolicy;
  upsellThresholdPercent?: string | null | undefined;
  billOverage?: boolean | undefined;
  active?: boolean | undefined;
}

type Row = typeof products.$inferSelect;

function toProductRead(row: Row, decimals: number, viewer: Role = 'admin'): ProductRead {
  return {
    id: String(row.id),
    name: row.name,
    type: row.type,
    unit: row.unit,
    unitPrice: seesCosts(viewer) ? formatPrice(row.unitPrice, decimals) : null,
    taxRate: formatRate(row.taxRate),
    invoicingPolicy: row.invoicingPolicy,
    upsellThresholdPercent: row.upsellThresholdPercent === null ? null : formatRate(row.upsellThresholdPercent),
    billOverage: row.billOverage,
    billingStepMinutes: row.billingStepMinutes,
    billingMinimumMinutes: row.billingMinimumMinutes,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Loads a product row, or null. */
export async function findProductRow(db: Executor, productId: number): Promise<Row | null> {
  const [row] = await db.select().from(products).where(eq(products.id, productId));
  return row ?? null;
}

/** Lists products by name (filters: policy, active, text); prices only for roles that see them. */
export async function listProducts(db: Db, decimals: number, query: { limit: number; cursor?: string | undefined; invoicingPolicy?: InvoicingPolicy | undefined; active?: boolean | undefined; q?: string | undefined }, viewer: Role) {
  const page = byName(products.name, products.id, query.cursor);
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        query.invoicingPolicy ? eq(products.invoicingPolicy, query.invoicingPolicy) : undefined,
        query.active === undefined ? undefined : eq(products.active, query.active),
        query.q ? sql`${products.name} ILIKE ${containing(query.q)}` : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, page.key, (r) => toProductRead(r, decimals, viewer));
}

/** R78: billing increments belong to what bills time (timesheets, prepaid); a manual line or product takes none (400). */
export function checkIncrements(at: (field: string) => string, policy: InvoicingPolicy, input: BillingIncrements): void {
  if (policy !== 'manual') return;
  for (const field of ['billingStepMinutes', 'billingMinimumMinutes'] as const) {
    if (input[field] != null) throw invalid(at(field), 'Billing increments apply to lines billed on time, not to manual lines');
  }
}

type Increments = { [K in keyof BillingIncrements]-?: number | null };

/**
 * R78, decision 0046: the increments a line gets: those the request names win (a number, or null
 * for none); each left out is taken from `from` (the product's defaults, or the line's own).
 */
export function incrementsFrom(from: Increments, input: BillingIncrements): Increments {
  return {
    billingStepMinutes: input.billingStepMinutes !== undefined ? input.billingStepMinutes : from.billingStepMinutes,
    billingMinimumMinutes: input.billingMinimumMinutes !== undefined ? input.billingMinimumMinutes : from.billingMinimumMinutes,
  };
}

function checkProduct(unit: Unit, policy: InvoicingPolicy, unitPrice: string, decimals: number, prepaidTerms: { upsellThresholdPercent: string | null; billOverage: boolean }): void {
  if (unit === 'unit' && policy !== 'manual') {
    throw invalid('unit', 'A product in units is not billed on time: use the manual invoicing policy or an hour/day unit');
  }
  // R74, R75: thresholds and overage are terms of prepaid blocks only.
  if (policy !== 'prepaid' && prepaidTerms.upsellThresholdPercent !== null) throw invalid('upsellThresholdPercent', 'Only a prepaid product has an upsell threshold');
  if (policy !== 'prepaid' && prepaidTerms.billOverage) throw invalid('billOverage', 'Only a prepaid product bills overage');
  checkCurrencyDecimals('unitPrice', unitPrice, decimals);
}

/** Creates a service product. */
export async function createProduct(db: Db, decimals: number, defaultTaxRate: string, input: ProductInput): Promise<ProductRead> {
  const prepaidTerms = { upsellThresholdPercent: input.upsellThresholdPercent ?? null, billOverage: input.billOverage ?? false };
  checkProduct(input.unit, input.invoicingPolicy, input.unitPrice, decimals, prepaidTerms);
  const increments = { billingStepMinutes: input.billingStepMinutes ?? null, billingMinimumMinutes: input.billingMinimumMinutes ?? null };
  checkIncrements((field) => field, input.invoicingPolicy, increments);
  const [row] = await db
    .insert(products)
    .values({ name: input.name, unit: input.unit, unitPrice: input.unitPrice, taxRate: input.taxRate ?? defaultTaxRate, invoicingPolicy: input.invoicingPolicy, ...prepaidTerms, ...increments, active: input.active ?? true })
    .returning();
  return toProductRead(row!, decimals);
}

/** Changes a product; order lines keep the values they copied when they were made (prices, increments: decision 0046). */
export async function updateProduct(db: Db, decimals: number, productId: number, patch: Partial<ProductInput>): Promise<ProductRead> {
  const current = await findProductRow(db, productId);
  if (!current) throw notFound('Product');
  const policy = patch.invoicingPolicy ?? current.invoicingPolicy;
  // A product leaving the prepaid policy drops its prepaid terms unless the change names them.
  const prepaidTerms = {
    upsellThresholdPercent: patch.upsellThresholdPercent !== undefined ? patch.upsellThresholdPercent : policy === 'prepaid' ? current.upsellThresholdPercent : null,
    billOverage: patch.billOverage ?? (policy === 'prepaid' && current.billOverage),
  };
  checkProduct(patch.unit ?? current.unit, policy, patch.unitPrice ?? '0', decimals, prepaidTerms);
  if (policy !== 'prepaid') Object.assign(patch, prepaidTerms);
  // R78: a product becoming manual drops its default increments unless the change names them (then 400).
  checkIncrements((field) => field, policy, patch);
  if (policy === 'manual') Object.assign(patch, { billingStepMinutes: null, billingMinimumMinutes: null });
  if (!setsAnything(patch)) return toProductRead(current, decimals);
  const [row] = await db.update(products).set(patch).where(eq(products.id, productId)).returning();
  return toProductRead(row!, decimals);
}

/** Reads one product or answers 404; the price only for roles that see prices. */
export async function getProduct(db: Db, decimals: number, productId: number, viewer: Role): Promise<ProductRead> {
  const row = await findProductRow(db, productId);
  if (!row) throw notFound('Product');
  return toProductRead(row, decimals, viewer);
}
