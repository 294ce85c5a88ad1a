import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billedEntryMinutes, formatMultiplier, NO_INCREMENTS } from './billed-minutes.ts';

/** [recorded, step, minimum, multiplier, billed] */
const BILLED_CASES: Array<[number, number | null, number | null, string, number]> = [
  [7, 15, null, '1', 15],
  [15, 15, null, '1', 15],
  [16, 15, null, '1', 30],
  [7, null, 30, '1', 30],
  [31, null, 30, '1', 31],
  [7, 15, 30, '1', 30],
  [31, 15, 30, '1', 45],
  [7, 15, 30, '1.5', 45],
  [1, null, null, '1', 1],
  [1, 1, null, '1', 1],
  [20, null, null, '1.25', 25],
  [1, null, null, '1.5', 2],
  [1, null, null, '0.001', 1],
  [1440, null, null, '1.5', 2160],
  [1440, 1000, null, '1', 2000],
  [10, 7, 8, '2.333', 33],
  [59, 60, null, '0.5', 30],
];

test('R78: billed minutes round each entry up to its step, after its minimum, then apply its multiplier, up', () => {
  for (const [recorded, stepMinutes, minimumMinutes, multiplier, billed] of BILLED_CASES) {
    assert.equal(billedEntryMinutes(recorded, { stepMinutes, minimumMinutes }, multiplier), billed, JSON.stringify({ recorded, stepMinutes, minimumMinutes, multiplier }));
  }
});

test('R78: a line without increments bills what was recorded, and bad inputs are refused', () => {
  assert.equal(billedEntryMinutes(37, NO_INCREMENTS), 37);
  assert.throws(() => billedEntryMinutes(0, NO_INCREMENTS), RangeError);
  assert.throws(() => billedEntryMinutes(5, NO_INCREMENTS, '0'), RangeError);
  assert.throws(() => billedEntryMinutes(5, NO_INCREMENTS, '1.2345'), RangeError);
  assert.throws(() => billedEntryMinutes(5, NO_INCREMENTS, '-1'), RangeError);
});

test('R78: multipliers read without trailing zeros', () => {
  assert.deepEqual(['1.500', '1.000', '0.250', '2'].map(formatMultiplier), ['1.5', '1', '0.25', '2']);
});
