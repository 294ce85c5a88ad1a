// Quantities (R2, R3, R5): time is integer minutes; a line quantity is a decimal with 2 places,
// carried as a string ("3.50") and computed in integer hundredths, never in floating point.

/** A line's unit (R2): `hour` and `day` are time units, `unit` is not. */
export type Unit = 'hour' | 'day' | 'unit';

/** True for the units time is billed in (R2): isTimeUnit('day') === true, isTimeUnit('unit') === false. */
export function isTimeUnit(unit: Unit): unit is 'hour' | 'day' {
  return unit === 'hour' || unit === 'day';
}

/**
 * Minutes in one unit of time (R2): minutesPerUnit('day', 480) === 480. Throws for a unit that is
 * not a time unit (`unit`) or not a unit at all: time is never converted by a guess.
 */
export function minutesPerUnit(unit: Unit, minutesPerDay: number): number {
  if (unit === 'hour') return 60;
  if (unit === 'day') return minutesPerDay;
  throw new RangeError(`${String(unit)} is not a unit of time`);
}

/** Integer division rounded half away from zero: divHalfUp(125n, 10n) === 13n, (-125n, 10n) → -13n. */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  const magnitude = (2n * (numerator < 0n ? -numerator : numerator) + denominator) / (2n * denominator);
  return numerator < 0n ? -magnitude : magnitude;
}

function checkMinutes(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  return BigInt(value);
}

function checkPerUnit(perUnit: number): bigint {
  if (!Number.isSafeInteger(perUnit) || perUnit <= 0) {
    throw new RangeError(`minutes per unit must be a positive integer, got ${perUnit}`);
  }
  return BigInt(perUnit);
}

/** q(m) in hundredths (R3): qHundredths(20n, 60n) === 33n. */
function qHundredths(minutes: bigint, perUnit: bigint): bigint {
  return divHalfUp(minutes * 100n, perUnit);
}

/** R3: round_half_up(minutes / perUnit, 2) as a string: q(20, 60) === '0.33', q(60, 480) === '0.13'. */
export function q(minutes: number, perUnit: number): string {
  return formatQuantity(qHundredths(checkMinutes('minutes', minutes), checkPerUnit(perUnit)));
}

/** R5: bills N new minutes after B billed as q(B + N) − q(B): cumulativeQuantity(15, 50, 60) === '0.83'. */
export function cumulativeQuantity(billedMinutes: number, newMinutes: number, perUnit: number): string {
  const billed = checkMinutes('billed minutes', billedMinutes);
  const added = checkMinutes('new minutes', newMinutes);
  const unit = checkPerUnit(perUnit);
  if (billed < 0n || added < 0n) throw new RangeError('billed and new minutes must not be negative');
  return formatQuantity(qHundredths(billed + added, unit) - qHundredths(billed, unit));
}

/** R5 backwards: credits C of B billed minutes as q(B) − q(B − C): creditQuantity(65, 50, 60) === '0.83'. */
export function creditQuantity(billedMinutes: number, creditedMinutes: number, perUnit: number): string {
  const billed = checkMinutes('billed minutes', billedMinutes);
  const credited = checkMinutes('credited minutes', creditedMinutes);
  const unit = checkPerUnit(perUnit);
  if (credited < 0n) throw new RangeError('credited minutes must not be negative');
  if (credited > billed) {
    throw new RangeError(`cannot credit ${creditedMinutes} minutes when only ${billedMinutes} are billed`);
  }
  return formatQuantity(qHundredths(billed, unit) - qHundredths(billed - credited, unit));
}

const QUANTITY_PATTERN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Reads a quantity of at most 2 decimals as hundredths: parseQuantity('3.5') === 350n, ('-1.25') → -125n. */
export function parseQuantity(s: string): bigint {
  const match = QUANTITY_PATTERN.exec(s);
  if (match === null) throw new RangeError(`not a quantity with at most 2 decimals: ${JSON.stringify(s)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -hundredths : hundredths;
}

/** Formats hundredths as a 2-decimal quantity: formatQuantity(350n) === '3.50', formatQuantity(-5n) === '-0.05'. */
export function formatQuantity(hundredths: bigint): string {
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${hundredths < 0n ? '-' : ''}${magnitude / 100n}.${fraction}`;
}

/** Exact sum of quantities: addQuantities('0.25', '0.83', '3.75') === '4.83'; no argument gives '0.00'. */
export function addQuantities(...quantities: string[]): string {
  return formatQuantity(quantities.reduce((sum, quantity) => sum + parseQuantity(quantity), 0n));
}

/** Exact difference a − b: subtractQuantities('6.67', '6.08') === '0.59'. */
export function subtractQuantities(a: string, b: string): string {
  return formatQuantity(parseQuantity(a) - parseQuantity(b));
}

/** Compares two quantities by value: compareQuantities('3.5', '3.50') === 0, compareQuantities('-1', '0') === -1. */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 {
  const difference = parseQuantity(a) - parseQuantity(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

const MAX_ENTRY_MINUTES = 1440n;
// "1:30", "0:05": hours and two-digit minutes below 60.
const CLOCK_PATTERN = /^(\d+):([0-5]\d)$/;
// "1h30", "1h30m", "1 h 30 min": whole hours, then minutes below 60.
const HOURS_MINUTES_PATTERN = /^(\d+)\s*h\s*([0-5]?\d)\s*(?:m|min)?$/;
// "90m", "45 min": minutes only.
const MINUTES_PATTERN = /^(\d+)\s*(?:m|min)$/;
// "1.5", "2", "0,25", "1.5h": decimal hours, optionally with an h.
const HOURS_PATTERN = /^(\d+)(?:[.,](\d+))?\s*h?$/;

/**
 * Reads a duration typed by a user into integer minutes (R1): "1:30", "1h30", "1h", "90m" and a
 * bare number of hours ("1.5" → 90, "0.25" → 15; "." or "," as separator) are accepted; decimal
 * hours are rounded to the nearest minute, half up; invalid, zero, negative or > 1440 gives null.
 */
export function parseDuration(text: string): number | null {
  const input = text.trim().toLowerCase();
  let minutes: bigint;
  let match: RegExpExecArray | null;
  if ((match = CLOCK_PATTERN.exec(input) ?? HOURS_MINUTES_PATTERN.exec(input)) !== null) {
    minutes = BigInt(match[1] ?? '0') * 60n + BigInt(match[2] ?? '0');
  } else if ((match = MINUTES_PATTERN.exec(input)) !== null) {
    minutes = BigInt(match[1] ?? '0');
  } else if ((match = HOURS_PATTERN.exec(input)) !== null) {
    const fraction = match[2] ?? '';
    const scaledHours = BigInt(`${match[1] ?? '0'}${fraction}`);
    minutes = divHalfUp(scaledHours * 60n, 10n ** BigInt(fraction.length));
  } else {
    return null;
  }
  if (minutes < 1n || minutes > MAX_ENTRY_MINUTES) return null;
  return Number(minutes);
}
