// Issue 12 (R66, decision 0030): tax categories and customer fiscal positions, pure. The tax
// records live in catalog (taxes.ts); sales applies these functions to new order lines.

/** The categories of a tax record; every category but `standard` carries a rate of 0. */
export const TAX_CATEGORIES = ['standard', 'zero', 'exempt', 'reverse_charge', 'outside_scope'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

/** Where a customer stands for VAT, seen from the company's country. */
export const FISCAL_POSITIONS = ['domestic', 'eu_business', 'outside_eu'] as const;
export type FiscalPosition = (typeof FISCAL_POSITIONS)[number];

/** EU member states by ISO 3166-1 alpha-2 code (Greece is GR in ISO, EL only in VAT ids). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '));

/** The mention a reverse-charge invoice must carry (Article 226(11a) of the VAT directive). */
export const REVERSE_CHARGE_MENTION = 'VAT reverse charge — Article 196, Directive 2006/112/EC';

/**
 * The fiscal position a customer gets by default: the company's own country (or an unknown
 * country) is domestic; another EU country with a VAT id is an EU business; another EU country
 * without a VAT id is domestic (a consumer pays our VAT); any other country is outside the EU.
 */
export function defaultFiscalPosition(companyCountry: string | null, customer: { country: string | null; vatId: string | null }): FiscalPosition {
  const country = customer.country?.trim().toUpperCase() ?? '';
  if (!country || !companyCountry || country === companyCountry.toUpperCase()) return 'domestic';
  if (EU_COUNTRIES.has(country)) return customer.vatId?.trim() ? 'eu_business' : 'domestic';
  return 'outside_eu';
}

/** The category of tax a new order line takes under a fiscal position (`domestic`: the product's own tax). */
export function categoryForPosition(position: FiscalPosition): TaxCategory | 'product' {
  if (position === 'eu_business') return 'reverse_charge';
  if (position === 'outside_eu') return 'outside_scope';
  return 'product';
}

/** A category's rate rule: only standard taxes have a rate above 0 (the CHECK the taxes table will carry). */
export function rateFitsCategory(category: TaxCategory, rate: string): boolean {
  const zero = /^0+(\.0+)?$/.test(rate);
  return category === 'standard' ? !zero : zero;
}

/** EN 16931 VAT category code (UNTDID 5305) of a tax category: S, Z, E, AE, and O for services outside the scope. */
export const EN16931_CATEGORY: Readonly<Record<TaxCategory, 'S' | 'Z' | 'E' | 'AE' | 'O'>> = {
  standard: 'S', zero: 'Z', exempt: 'E', reverse_charge: 'AE', outside_scope: 'O',
};
