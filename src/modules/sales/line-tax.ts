// R66 (issue 12, decision 0030): which tax a new order line takes.
import { categoryForPosition } from '../../core/taxes.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { activeTaxOf, findTaxRow } from '../catalog/index.ts';
import { findCustomerRow } from '../partners/index.ts';

/** A line's tax: the record it came from (null for a rate given by hand) and the rate the line copies. */
export interface LineTax {
  taxId: number | null;
  taxRate: string;
}

/** What the request says about the tax: a tax record, or a bare rate (kept for API clients from before R66). */
export interface TaxChoice {
  taxId?: string | undefined;
  taxRate?: string | undefined;
}

/**
 * R66: the tax of a new line (or of a line taking another product). An explicit tax in the
 * request wins (it must exist and be active), then an explicit rate; otherwise the customer's
 * fiscal position picks it: `domestic` the active standard tax of the product's rate (none: the
 * product's rate alone); `eu_business` the reverse-charge tax, and the customer (or its company)
 * must have a VAT id (422 CUSTOMER_VAT_ID_MISSING); `outside_eu` the outside-scope tax.
 * Example: an EU business and a product at 21% → the reverse-charge tax at 0%.
 */
export async function lineTax(tx: Executor, customerId: number, productRate: string, choice: TaxChoice, at: (field: string) => string): Promise<LineTax> {
  if (choice.taxId !== undefined && choice.taxRate !== undefined) throw invalid(at('taxRate'), 'Give a tax or a rate, not both');
  if (choice.taxId !== undefined) {
    const tax = await findTaxRow(tx, Number(choice.taxId));
    if (!tax || !tax.active) throw invalid(at('taxId'), 'No such active tax');
    return { taxId: tax.id, taxRate: tax.rate };
  }
  if (choice.taxRate !== undefined) return { taxId: null, taxRate: choice.taxRate };
  const customer = await findCustomerRow(tx, customerId);
  const category = categoryForPosition(customer?.fiscalPosition ?? 'domestic');
  if (category === 'product') {
    const standard = await activeTaxOf(tx, 'standard', productRate);
    return { taxId: standard?.id ?? null, taxRate: productRate };
  }
  if (category === 'reverse_charge' && !(customer?.vatId?.trim() || (customer?.companyId != null && (await findCustomerRow(tx, customer.companyId))?.vatId?.trim()))) {
    throw new AppError('CUSTOMER_VAT_ID_MISSING', 'The customer is an EU business: reverse charge needs its VAT id; add it to the customer, or change its fiscal position', [{ path: 'customer.vatId', message: 'Required for reverse charge' }]);
  }
  const tax = await activeTaxOf(tx, category);
  if (!tax) {
    const label = category === 'reverse_charge' ? 'reverse-charge' : 'outside-scope';
    throw new AppError('NO_TAX_FOR_POSITION', `No active ${label} tax: add one under Settings → Taxes, or pick a tax on the line`, [{ path: at('taxId'), message: `No active ${label} tax` }]);
  }
  return { taxId: tax.id, taxRate: tax.rate };
}
