// Numbers for people: amounts, quantities, rates and durations, written the same on screen and in
// the PDF. Decimal strings reach Intl.NumberFormat as strings, which keeps their exact value (no
// binary floating point: "12345678901234567.89" stays exact), and every decimal given is shown, so
// nothing is rounded here. The digits are the billing core's (money.ts, quantity.ts); this file only
// groups them and adds a currency code, a unit or a percent sign.
import type { Unit } from './quantity.ts';

/** The locale of every figure by default: the web app and the PDF both use it, so they agree. */
export const DISPLAY_LOCALE = 'en-US';

// A signed plain decimal: no exponent, no "+", no spaces, no ".5" or "1.".
const DECIMAL_PATTERN = /^-?\d+(?:\.(\d+))?$/;
// Intl.NumberFormat refuses more fraction digits than this in Node 20 (ECMA-402 before 2023).
const MAX_DECIMALS = 20;

/** A string Intl.NumberFormat reads as an exact decimal. */
type DecimalString = `${number}`;

/** Checks a plain decimal string and counts its decimals: decimalPlaces('-3.50') === 2. */
function decimalPlaces(value: string): number {
  const match = DECIMAL_PATTERN.exec(value);
  if (match === null) throw new RangeError(`not a plain decimal: ${JSON.stringify(value)}`);
  const places = (match[1] ?? '').length;
  if (places > MAX_DECIMALS) throw new RangeError(`more than ${MAX_DECIMALS} decimals cannot be shown exactly: ${value}`);
  return places;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** One Intl.NumberFormat per locale and options, built on first use (they are slow to build). */
function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** Groups a decimal string, keeping every decimal it has: displayDecimal('1234567.50') === '1,234,567.50'. */
export function displayDecimal(value: string, locale = DISPLAY_LOCALE): string {
  const places = decimalPlaces(value);
  return formatter(locale, { minimumFractionDigits: places, maximumFractionDigits: places }).format(value as DecimalString);
}

/** An amount with its currency code: displayAmount('-1234.50', 'EUR') === '-1,234.50 EUR', ('1500', 'JPY') → '1,500 JPY'. */
export function displayAmount(amount: string, currency: string, locale = DISPLAY_LOCALE): string {
  return `${displayDecimal(amount, locale)} ${currency}`;
}

/** The unit of a quantity, singular for exactly one: unitLabel('day', '1.00') === 'day', ('day', '2.00') → 'days'; hours are 'h'. */
export function unitLabel(unit: Unit, quantity: string): string {
  if (unit === 'hour') return 'h';
  return /^-?1(?:\.0+)?$/.test(quantity) ? unit : `${unit}s`;
}

/** A quantity with its unit: displayQuantity('3.50', 'hour') === '3.50 h', ('1234.00', 'unit') → '1,234.00 units'. */
export function displayQuantity(quantity: string, unit: Unit, locale = DISPLAY_LOCALE): string {
  return `${displayDecimal(quantity, locale)} ${unitLabel(unit, quantity)}`;
}

/** A percent rate without its trailing zeros (dropping zeros is exact): displayPercent('21.00') === '21%', ('5.50') → '5.5%'. */
export function displayPercent(rate: string, locale = DISPLAY_LOCALE): string {
  const places = decimalPlaces(rate);
  return formatter(locale, { style: 'unit', unit: 'percent', maximumFractionDigits: places }).format(rate as DecimalString);
}

/** Integer minutes as h:mm: displayMinutes(90) === '1:30', (5) → '0:05', (-75) → '-1:15'. */
export function displayMinutes(minutes: number): string {
  if (!Number.isSafeInteger(minutes)) throw new RangeError(`minutes must be an integer, got ${minutes}`);
  const magnitude = Math.abs(minutes);
  const sign = minutes < 0 ? '-' : '';
  return `${sign}${Math.floor(magnitude / 60)}:${String(magnitude % 60).padStart(2, '0')}`;
}
