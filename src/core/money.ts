// Money (R4): exact decimals carried as strings ("350.00"), computed with decimal.js, rounded half
// away from zero to the currency's minor unit once per line. Never binary floating point.
import { Decimal } from 'decimal.js';

// A private clone so no other code's Decimal settings can change ours, nor ours theirs.
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type MoneyValue = InstanceType<typeof Money>;

const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW', 'VND', 'ISK']);
const THREE_DECIMAL_CURRENCIES = new Set(['BHD', 'KWD', 'OMR', 'JOD', 'TND']);

// Signed plain decimals only: no exponent, no "+", no spaces, no ".5" or "1.", no NaN or Infinity.
const SIGNED_DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;
const UNSIGNED_DECIMAL_PATTERN = /^\d+(?:\.(\d+))?$/;

/** Minor-unit decimals of an ISO 4217 currency: currencyDecimals('EUR') === 2, ('JPY') → 0, ('KWD') → 3. */
export function currencyDecimals(code: string): number {
  const upper = code.toUpperCase();
  if (ZERO_DECIMAL_CURRENCIES.has(upper)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(upper)) return 3;
  return 2;
}

/** Whether s is a plain non-negative decimal with at most maxDecimals decimals: isDecimalString('12.5', 2) === true. */
export function isDecimalString(s: string, maxDecimals: number): boolean {
  const match = UNSIGNED_DECIMAL_PATTERN.exec(s);
  return match !== null && (match[1] ?? '').length <= maxDecimals;
}

function checkDecimals(decimals: number): number {
  if (!Number.isSafeInteger(decimals) || decimals < 0) {
    throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
  }
  return decimals;
}

/** Reads a signed plain decimal string exactly: toMoney('price', '97.35'). */
function toMoney(name: string, value: string): MoneyValue {
  if (!SIGNED_DECIMAL_PATTERN.test(value)) throw new RangeError(`${name} is not a decimal: ${JSON.stringify(value)}`);
  return new Money(value);
}

/** Rounds half away from zero and writes `decimals` places, never "-0.00": fixed(-0.005, 2) === '-0.01'. */
function fixed(value: MoneyValue, decimals: number): string {
  const rounded = value.toDecimalPlaces(decimals, Money.ROUND_HALF_UP);
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(decimals);
}

/** R4: a line's figures, tax on its rounded subtotal: ({ quantity: '0.02', unitPrice: '97.35', taxRate: '21' }) → 1.95 + 0.41 = 2.36. */
export function lineAmounts(input: {
  quantity: string;
  unitPrice: string;
  taxRate: string;
  decimals: number;
}): { subtotal: string; tax: string; total: string } {
  const decimals = checkDecimals(input.decimals);
  const quantity = toMoney('quantity', input.quantity);
  const unitPrice = toMoney('unit price', input.unitPrice);
  if (!isDecimalString(input.taxRate, Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`tax rate is not a non-negative percent: ${JSON.stringify(input.taxRate)}`);
  }
  const subtotal = fixed(quantity.times(unitPrice), decimals);
  const tax = fixed(new Money(subtotal).times(new Money(input.taxRate)).dividedBy(100), decimals);
  const total = fixed(new Money(subtotal).plus(tax), decimals);
  return { subtotal, tax, total };
}

/** Exact sum of amounts, written with `decimals` places: sumAmounts(['0.10', '0.20'], 2) === '0.30'. */
export function sumAmounts(amounts: string[], decimals: number): string {
  const places = checkDecimals(decimals);
  const sum = amounts.reduce((total, amount) => total.plus(toMoney('amount', amount)), new Money(0));
  return fixed(sum, places);
}

/** Writes an amount with `decimals` places, rounding half up: formatAmount('350', 2) === '350.00'. */
export function formatAmount(value: string, decimals: number): string {
  return fixed(toMoney('amount', value), checkDecimals(decimals));
}

/** Writes a percent rate with 2 to 4 decimals: formatRate('21') === '21.00', formatRate('8.875') === '8.875'. */
export function formatRate(rate: string): string {
  const rounded = toMoney('rate', rate).toDecimalPlaces(4, Money.ROUND_HALF_UP);
  return fixed(rounded, Math.max(2, rounded.decimalPlaces()));
}

/** Trims a stored NUMERIC(16,4) price to the currency's decimals for display (formatPrice("90.0000", 2) → "90.00"). */
export function formatPrice(value: string, decimals: number): string {
  const [whole, fraction = ''] = value.split('.');
  const kept = fraction.replace(/0+$/, '');
  return `${whole}.${kept.padEnd(Math.max(decimals, kept.length), '0')}`.replace(/\.$/, '');
}

/** Whether a decimal string needs at most `decimals` decimals once trailing zeros go: fitsDecimals('90.5000', 2) === true. */
export function fitsDecimals(value: string, decimals: number): boolean {
  return (value.split('.')[1] ?? '').replace(/0+$/, '').length <= decimals;
}
