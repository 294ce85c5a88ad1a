// Money (R4): exact decimals carried as strings ("350.00"), computed as integers scaled by a power
// of ten (BigInt), rounded half away from zero to the currency's minor unit once per line. Never
// binary floating point. Integers rather than decimal.js: the order view computes five amounts
// per line and decimal.js made them most of its CPU (issue 12, docs/performance.md).

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

/** An exact decimal: `units` / 10^`scale`. */
interface Scaled { units: bigint; scale: number }

const POWERS: bigint[] = [];
function pow10(n: number): bigint {
  return (POWERS[n] ??= 10n ** BigInt(n));
}

/** Reads a signed plain decimal string exactly: toScaled('price', '97.35') → 9735 / 10². */
function toScaled(name: string, value: string): Scaled {
  if (!SIGNED_DECIMAL_PATTERN.test(value)) throw new RangeError(`${name} is not a decimal: ${JSON.stringify(value)}`);
  const dot = value.indexOf('.');
  if (dot < 0) return { units: BigInt(value), scale: 0 };
  return { units: BigInt(value.slice(0, dot) + value.slice(dot + 1)), scale: value.length - dot - 1 };
}

/** The units of `x` at `scale` decimals, rounding half away from zero: toUnits(-0.005, 2) === -1n. */
function toUnits(x: Scaled, scale: number): bigint {
  if (scale >= x.scale) return x.units * pow10(scale - x.scale);
  const divisor = pow10(x.scale - scale);
  const quotient = x.units / divisor; // truncates toward zero
  const twiceRest = (x.units % divisor) * 2n;
  if (twiceRest >= divisor) return quotient + 1n;
  if (-twiceRest >= divisor) return quotient - 1n;
  return quotient;
}

/** Writes `units` / 10^`scale` with `scale` places, never "-0.00": write(-1n, 2) === '-0.01'. */
function write(units: bigint, scale: number): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return units < 0n ? `-${text}` : text;
}

/** Rounds half away from zero and writes `decimals` places: fixed(-0.005, 2) === '-0.01'. */
function fixed(x: Scaled, decimals: number): string {
  return write(toUnits(x, decimals), decimals);
}

const times = (a: Scaled, b: Scaled): Scaled => ({ units: a.units * b.units, scale: a.scale + b.scale });

function checkRate(rate: string): Scaled {
  if (!isDecimalString(rate, Number.MAX_SAFE_INTEGER)) throw new RangeError(`tax rate is not a non-negative percent: ${JSON.stringify(rate)}`);
  return toScaled('tax rate', rate);
}

/** R4: quantity × unit price, rounded once to `decimals` places: lineSubtotal('0.02', '97.35', 2) === '1.95'. */
export function lineSubtotal(quantity: string, unitPrice: string, decimals: number): string {
  return fixed(times(toScaled('quantity', quantity), toScaled('unit price', unitPrice)), checkDecimals(decimals));
}

/** R4: a line's figures, tax on its rounded subtotal: ({ quantity: '0.02', unitPrice: '97.35', taxRate: '21' }) → 1.95 + 0.41 = 2.36. */
export function lineAmounts(input: {
  quantity: string;
  unitPrice: string;
  taxRate: string;
  decimals: number;
}): { subtotal: string; tax: string; total: string } {
  const decimals = checkDecimals(input.decimals);
  const product = times(toScaled('quantity', input.quantity), toScaled('unit price', input.unitPrice));
  const rate = checkRate(input.taxRate);
  const subtotal = toUnits(product, decimals);
  // subtotal × rate / 100: the percent's two places join the scale, so the division is exact.
  const tax = toUnits({ units: subtotal * rate.units, scale: decimals + rate.scale + 2 }, decimals);
  return { subtotal: write(subtotal, decimals), tax: write(tax, decimals), total: write(subtotal + tax, decimals) };
}

/** Exact sum of amounts, written with `decimals` places: sumAmounts(['0.10', '0.20'], 2) === '0.30'. */
export function sumAmounts(amounts: string[], decimals: number): string {
  const places = checkDecimals(decimals);
  const parts = amounts.map((amount) => toScaled('amount', amount));
  const scale = parts.reduce((widest, part) => Math.max(widest, part.scale), places);
  const units = parts.reduce((total, part) => total + part.units * pow10(scale - part.scale), 0n);
  return fixed({ units, scale }, places);
}

/** Exact difference `from` − each of `amounts`, written with `decimals` places: subtractAmounts('100.00', ['40', '0.005'], 2) === '59.99'. */
export function subtractAmounts(from: string, amounts: string[], decimals: number): string {
  return sumAmounts([from, ...amounts.map((amount) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`))], decimals);
}

/** Exact comparison of two signed decimals, whatever their places: compareAmounts('10.5', '10.50') === 0. */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = [toScaled('amount', a), toScaled('amount', b)];
  const scale = Math.max(x.scale, y.scale);
  const difference = x.units * pow10(scale - x.scale) - y.units * pow10(scale - y.scale);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/** Writes an amount with `decimals` places, rounding half up: formatAmount('350', 2) === '350.00'. */
export function formatAmount(value: string, decimals: number): string {
  return fixed(toScaled('amount', value), checkDecimals(decimals));
}

/** Writes a percent rate with 2 to 4 decimals: formatRate('21') === '21.00', formatRate('8.875') === '8.875'. */
export function formatRate(rate: string): string {
  const four = write(toUnits(toScaled('rate', rate), 4), 4);
  return four.replace(/0{1,2}$/, '');
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
