// R78: what an entry bills. The recorded minutes never change; the billed minutes are derived from
// them, the increments of the entry's line and the entry's multiplier. The database computes the
// same with its function billed_entry_minutes (migration 0022); rules-sql.test.ts checks that the
// two agree on a table of cases.

/** A line's billing increments (R78): null (or a step of 1) means none. */
export interface BillingIncrements {
  stepMinutes: number | null;
  minimumMinutes: number | null;
}

export const NO_INCREMENTS: BillingIncrements = { stepMinutes: null, minimumMinutes: null };

/** A multiplier as thousandths: "1.5" → 1500n; at most 3 decimals, above 0 (numeric(6,3) in SQL). */
function thousandths(multiplier: string): bigint {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?$/.exec(multiplier);
  if (!match) throw new RangeError(`a multiplier has at most 3 digits and 3 decimals, got ${multiplier}`);
  const value = BigInt(match[1]!) * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
  if (value <= 0n) throw new RangeError('a multiplier is above 0');
  return value;
}

/**
 * R78: billed = ceil(stepUp(max(recorded, minimum)) × multiplier), in whole minutes:
 * billedEntryMinutes(7, { stepMinutes: 15, minimumMinutes: null }) === 15;
 * billedEntryMinutes(7, { stepMinutes: 15, minimumMinutes: 30 }, '1.5') === 45;
 * billedEntryMinutes(20, NO_INCREMENTS, '1.25') === 25.
 */
export function billedEntryMinutes(recorded: number, increments: BillingIncrements, multiplier = '1'): number {
  if (!Number.isSafeInteger(recorded) || recorded < 1) throw new RangeError(`recorded minutes are a positive integer, got ${recorded}`);
  const step = BigInt(increments.stepMinutes ?? 1);
  const floor = BigInt(Math.max(recorded, increments.minimumMinutes ?? 0));
  const stepped = ((floor + step - 1n) / step) * step;
  const scaled = stepped * thousandths(multiplier);
  return Number((scaled + 999n) / 1000n);
}

/** A multiplier as the API shows it, without trailing zeros: "1.500" → "1.5", "1.000" → "1". */
export function formatMultiplier(multiplier: string): string {
  const n = thousandths(multiplier);
  const whole = n / 1000n;
  const decimals = String(n % 1000n).padStart(3, '0').replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : String(whole);
}
