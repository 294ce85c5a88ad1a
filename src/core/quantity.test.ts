import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities,
  compareQuantities,
  creditQuantity,
  cumulativeQuantity,
  formatQuantity,
  isTimeUnit,
  minutesPerUnit,
  parseDuration,
  parseQuantity,
  q,
  subtractQuantities,
  type Unit,
} from './quantity.ts';

const HOUR = 60;
const DAY = 480;

test('R2: converts hours and days to minutes and refuses to convert a unit that is not time', () => {
  assert.equal(minutesPerUnit('hour', DAY), 60);
  assert.equal(minutesPerUnit('day', DAY), 480);
  assert.equal(minutesPerUnit('day', 450), 450);
  assert.deepEqual((['hour', 'day', 'unit'] as const).map(isTimeUnit), [true, true, false]);
  assert.throws(() => minutesPerUnit('unit', DAY), /not a unit of time/);
  assert.throws(() => minutesPerUnit('week' as Unit, DAY), /not a unit of time/);
});

const qCases: Array<[string, number, number, string]> = [
  ['bills 20 minutes on an hourly line as 0.33', 20, HOUR, '0.33'],
  ['bills 16 hours on a daily line as 2.00', 960, DAY, '2.00'],
  ['bills 1 hour on a daily line as 0.13, rounding 0.125 half up', 60, DAY, '0.13'],
  ['bills 0 minutes as 0.00', 0, HOUR, '0.00'],
  ['bills 30 minutes as 0.50', 30, HOUR, '0.50'],
  ['bills 1 minute on an hourly line as 0.02', 1, HOUR, '0.02'],
  ['bills 90 minutes as 1.50', 90, HOUR, '1.50'],
  ['bills 40 minutes as 0.67', 40, HOUR, '0.67'],
  ['bills 3 minutes on a 600-minute day as 0.01, rounding 0.005 half up', 3, 600, '0.01'],
  ['bills 1 minute on a daily line as 0.00', 1, DAY, '0.00'],
  ['bills a full day of 1440 minutes on an hourly line as 24.00', 1440, HOUR, '24.00'],
];
for (const [name, minutes, perUnit, expected] of qCases) {
  test(`R3: ${name}`, () => assert.equal(q(minutes, perUnit), expected));
}

test('R3: refuses fractional minutes and a non-positive minutes-per-unit', () => {
  assert.throws(() => q(1.5, HOUR), RangeError);
  assert.throws(() => q(60, 0), RangeError);
  assert.throws(() => q(60, 7.5), RangeError);
});

const ENTRIES = [15, 50, 225, 75, 35];

test('R5: five entries invoiced one at a time on an hourly line sum to 6.67, where naive rounding gives 6.66', () => {
  const billed: string[] = [];
  let billedMinutes = 0;
  for (const minutes of ENTRIES) {
    billed.push(cumulativeQuantity(billedMinutes, minutes, HOUR));
    billedMinutes += minutes;
  }
  assert.deepEqual(billed, ['0.25', '0.83', '3.75', '1.25', '0.59']);
  assert.equal(addQuantities(...billed), '6.67');
  assert.equal(q(billedMinutes, HOUR), '6.67');
  assert.equal(addQuantities(...ENTRIES.map((minutes) => q(minutes, HOUR))), '6.66');
});

test('R5: credits undo the invoices they reverse exactly, last one first', () => {
  let billedMinutes = 400;
  const credited = [...ENTRIES].reverse().map((minutes) => {
    const quantity = creditQuantity(billedMinutes, minutes, HOUR);
    billedMinutes -= minutes;
    return quantity;
  });
  assert.deepEqual(credited, ['0.59', '1.25', '3.75', '0.83', '0.25']);
  assert.equal(addQuantities(...credited), '6.67');
});

test('R5: crediting an entry then invoicing it again gives back the same quantity', () => {
  assert.equal(creditQuantity(400, 35, HOUR), '0.59');
  assert.equal(cumulativeQuantity(365, 35, HOUR), '0.59');
  assert.equal(creditQuantity(65, 65, HOUR), q(65, HOUR));
  assert.equal(creditQuantity(65, 0, HOUR), '0.00');
});

test('R5: refuses to credit more minutes than were billed', () => {
  assert.throws(() => creditQuantity(30, 31, HOUR), RangeError);
  assert.throws(() => creditQuantity(30, -1, HOUR), RangeError);
  assert.throws(() => cumulativeQuantity(-1, 30, HOUR), RangeError);
});

/** Deterministic 32-bit PRNG (mulberry32) so the property test is reproducible. */
function seededRandom(seed: number): (maxInclusive: number) => number {
  let state = seed >>> 0;
  return (maxInclusive) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % maxInclusive) + 1;
  };
}

test('R5: for 2,000 random entry sequences, invoiced one by one then credited one by one, totals match q(Σ minutes)', () => {
  const random = seededRandom(20260101);
  const units = [60, 480, 450, 420, 7];
  for (let run = 0; run < 2000; run += 1) {
    const perUnit = units[random(units.length) - 1] ?? HOUR;
    const entries = Array.from({ length: random(30) }, () => random(1440));
    let billedMinutes = 0;
    const invoiced = entries.map((minutes) => {
      const quantity = cumulativeQuantity(billedMinutes, minutes, perUnit);
      billedMinutes += minutes;
      return quantity;
    });
    assert.equal(addQuantities(...invoiced), q(billedMinutes, perUnit), `entries ${entries.join(',')} per ${perUnit}`);
    const credited = entries.map((minutes) => {
      const quantity = creditQuantity(billedMinutes, minutes, perUnit);
      billedMinutes -= minutes;
      return quantity;
    });
    assert.equal(billedMinutes, 0);
    assert.equal(addQuantities(...credited), addQuantities(...invoiced));
  }
});

const parseCases: Array<[string, bigint]> = [
  ['3', 300n], ['3.5', 350n], ['3.50', 350n], ['-1.25', -125n], ['0.05', 5n], ['0', 0n], ['-0.05', -5n],
];
for (const [text, hundredths] of parseCases) {
  test(`R3: reads the quantity "${text}" as ${hundredths} hundredths`, () => assert.equal(parseQuantity(text), hundredths));
}

test('R3: refuses quantities with more than 2 decimals or that are not plain decimals', () => {
  for (const text of ['1.234', '', 'abc', '1.', '.5', '+1', ' 1', '1e3', '--1', 'NaN', '1,5']) {
    assert.throws(() => parseQuantity(text), RangeError, text);
  }
});

test('R3: writes hundredths as 2-decimal quantities', () => {
  assert.equal(formatQuantity(350n), '3.50');
  assert.equal(formatQuantity(-5n), '-0.05');
  assert.equal(formatQuantity(0n), '0.00');
  assert.equal(formatQuantity(-100n), '-1.00');
  assert.equal(formatQuantity(999999999999n), '9999999999.99');
});

test('R3: adds, subtracts and compares quantities exactly', () => {
  assert.equal(addQuantities(), '0.00');
  assert.equal(addQuantities('0.1', '0.2'), '0.30');
  assert.equal(subtractQuantities('6.67', '6.08'), '0.59');
  assert.equal(subtractQuantities('1', '1.5'), '-0.50');
  assert.equal(compareQuantities('3.5', '3.50'), 0);
  assert.equal(compareQuantities('-1', '0'), -1);
  assert.equal(compareQuantities('2.01', '2'), 1);
});

const durationCases: Array<[string, number | null]> = [
  ['1:30', 90], ['1h30', 90], ['1h30m', 90], ['1h', 60], ['90m', 90], ['45m', 45], ['0:05', 5],
  ['1.5', 90], ['2', 120], ['0.25', 15], ['1,5', 90], ['1.5h', 90], [' 2H ', 120], ['45 min', 45],
  ['24:00', 1440], ['0.01', 1], ['0.0125', 1], ['1.991', 119], ['0.3333', 20],
  ['0.075', 5], ['0.025', 2], ['0.0084', 1],
  ['0:00', null], ['0', null], ['0m', null], ['0.008', null], ['0.0083', null], ['-1', null], ['-0:30', null],
  ['24:01', null], ['25', null], ['1441m', null], ['', null], ['abc', null], ['1:60', null],
  ['1h60', null], ['1:5', null], ['1e1', null], ['.5', null], ['1.', null], ['1:30:00', null],
];
for (const [text, minutes] of durationCases) {
  test(`R1: reads the duration "${text}" as ${minutes === null ? 'invalid' : `${minutes} minutes`}`, () => {
    assert.equal(parseDuration(text), minutes);
  });
}
