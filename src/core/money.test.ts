import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { compareAmounts, currencyDecimals, fitsDecimals, formatAmount, formatRate, isDecimalString, lineAmounts, lineSubtotal, subtractAmounts, sumAmounts } from './money.ts';
import { q } from './quantity.ts';

const currencyCases: Array<[string, number]> = [
  ['EUR', 2], ['USD', 2], ['GBP', 2], ['eur', 2], ['JPY', 0], ['KRW', 0], ['VND', 0], ['ISK', 0],
  ['BHD', 3], ['KWD', 3], ['OMR', 3], ['JOD', 3], ['TND', 3], ['kwd', 3],
];
for (const [code, decimals] of currencyCases) {
  test(`R4: gives ${code} ${decimals} minor-unit decimals`, () => assert.equal(currencyDecimals(code), decimals));
}

const decimalStringCases: Array<[string, number, boolean]> = [
  ['12', 2, true], ['12.5', 2, true], ['0.125', 3, true], ['0', 0, true], ['12.50', 2, true],
  ['0.125', 2, false], ['12.5', 0, false], ['1e3', 4, false], ['+1', 4, false], [' 1', 4, false],
  ['1 ', 4, false], ['1.', 4, false], ['.5', 4, false], ['NaN', 4, false], ['Infinity', 4, false],
  ['-1', 4, false], ['', 4, false], ['0x10', 4, false], ['1,5', 4, false], ['1_000', 4, false],
];
for (const [text, maxDecimals, expected] of decimalStringCases) {
  test(`R4: ${expected ? 'accepts' : 'refuses'} "${text}" as a decimal with at most ${maxDecimals} decimals`, () => {
    assert.equal(isDecimalString(text, maxDecimals), expected);
  });
}

type LineCase = [string, string, string, string, number, [string, string, string]];
const lineCases: LineCase[] = [
  ['bills 3.50 h at 100 with 21% tax as 350.00 + 73.50', '3.50', '100', '21', 2, ['350.00', '73.50', '423.50']],
  ['bills 1 minute on an hourly line at 97.35 as 1.95', q(1, 60), '97.35', '21', 2, ['1.95', '0.41', '2.36']],
  ['bills 20 minutes at 97.35 as 32.13', q(20, 60), '97.35', '21', 2, ['32.13', '6.75', '38.88']],
  ['rounds a subtotal of 0.495 half up to 0.50 and its tax of 0.105 to 0.11', '0.33', '1.50', '21', 2, ['0.50', '0.11', '0.61']],
  ['rounds 1.005 half up to 1.01, where binary floating point gives 1.00', '1', '1.005', '0', 2, ['1.01', '0.00', '1.01']],
  ['rounds a negative half away from zero: -0.005 → -0.01', '-1', '0.005', '21', 2, ['-0.01', '0.00', '-0.01']],
  ['rounds negative tax half away from zero: -0.105 → -0.11', '-0.33', '1.50', '21', 2, ['-0.50', '-0.11', '-0.61']],
  ['never writes -0.00 for a negative amount that rounds to zero', '-1', '0.004', '21', 2, ['0.00', '0.00', '0.00']],
  ['takes an 8.875% tax rate as a percent', '1', '100', '8.875', 2, ['100.00', '8.88', '108.88']],
  ['bills 99999.99 × 99999.99 exactly', '99999.99', '99999.99', '21', 2, ['9999998000.00', '2099999580.00', '12099997580.00']],
  ['bills in a zero-decimal currency (JPY)', '0.33', '1500', '10', 0, ['495', '50', '545']],
  ['bills in a three-decimal currency (KWD)', '0.33', '12.345', '5', 3, ['4.074', '0.204', '4.278']],
  ['bills a zero quantity as 0.00', '0.00', '97.35', '21', 2, ['0.00', '0.00', '0.00']],
];
for (const [name, quantity, unitPrice, taxRate, decimals, [subtotal, tax, total]] of lineCases) {
  test(`R4: ${name}`, () => {
    assert.deepEqual(lineAmounts({ quantity, unitPrice, taxRate, decimals }), { subtotal, tax, total });
  });
}

test('R4: taxes each line subtotal, so two 0.50 lines at 21% carry 0.22 of tax, not 21% of the 1.00 total', () => {
  const line = lineAmounts({ quantity: '0.33', unitPrice: '1.50', taxRate: '21', decimals: 2 });
  const subtotal = sumAmounts([line.subtotal, line.subtotal], 2);
  assert.equal(subtotal, '1.00');
  assert.equal(sumAmounts([line.tax, line.tax], 2), '0.22');
  assert.equal(lineAmounts({ quantity: '1', unitPrice: subtotal, taxRate: '21', decimals: 2 }).tax, '0.21');
});

test('R4: refuses amounts, rates and decimals that are not plain decimals', () => {
  const valid = { quantity: '1', unitPrice: '10', taxRate: '21', decimals: 2 };
  const invalid = [
    { quantity: '1e3' }, { quantity: '' }, { unitPrice: 'abc' }, { unitPrice: 'Infinity' }, { unitPrice: '0x10' },
    { taxRate: '-5' }, { taxRate: '21%' }, { decimals: -1 }, { decimals: 1.5 },
  ];
  for (const override of invalid) {
    assert.throws(() => lineAmounts({ ...valid, ...override }), RangeError, JSON.stringify(override));
  }
  assert.throws(() => sumAmounts(['1', 'NaN'], 2), RangeError);
  assert.throws(() => formatAmount('1e2', 2), RangeError);
  assert.throws(() => formatRate(''), RangeError);
});

const sumCases: Array<[string[], number, string]> = [
  [['0.10', '0.20'], 2, '0.30'],
  [[], 2, '0.00'],
  [['-0.01', '0.01'], 2, '0.00'],
  [['350.00', '-73.50', '0.05'], 2, '276.55'],
  [['1', '2'], 0, '3'],
  [['9999998000.00', '9999998000.00', '0.01'], 2, '19999996000.01'],
  [['0.1', '0.2', '0.3'], 3, '0.600'],
];
for (const [amounts, decimals, expected] of sumCases) {
  test(`R4: sums [${amounts.join(', ')}] exactly to ${expected}`, () => assert.equal(sumAmounts(amounts, decimals), expected));
}

const formatCases: Array<[string, number, string]> = [
  ['350', 2, '350.00'], ['0.005', 2, '0.01'], ['-0.005', 2, '-0.01'], ['-0.004', 2, '0.00'],
  ['1.005', 2, '1.01'], ['2.5', 0, '3'], ['-2.5', 0, '-3'], ['1.2345', 3, '1.235'], ['12', 3, '12.000'],
];
for (const [value, decimals, expected] of formatCases) {
  test(`R4: writes ${value} with ${decimals} decimals as ${expected}, rounding half up`, () => {
    assert.equal(formatAmount(value, decimals), expected);
  });
}

const rateCases: Array<[string, string]> = [
  ['21', '21.00'], ['8.875', '8.875'], ['0', '0.00'], ['7.7', '7.70'], ['5.5555', '5.5555'],
  ['5.55555', '5.5556'], ['12.50000', '12.50'],
];
for (const [rate, expected] of rateCases) {
  test(`R4: shows a ${rate}% tax rate as ${expected}`, () => assert.equal(formatRate(rate), expected));
}

// decimal.js, rounding half away from zero at 60 significant digits, is the reference the integer
// arithmetic of money.ts must agree with on any quantity, price, rate and currency.
const Reference = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
const referenceFixed = (value: Decimal, decimals: number) => {
  const rounded = value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(decimals);
};
const decimalText = (scale: number, signed: boolean) => fc.tuple(fc.bigInt({ min: signed ? -(10n ** 12n) : 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: scale }))
  .map(([units, places]) => new Reference(units.toString()).dividedBy(new Reference(10).pow(places)).toFixed(places));

test('R4: line amounts, sums and roundings agree with decimal.js on any input, signed quantities included', () => {
  fc.assert(fc.property(decimalText(4, true), decimalText(4, false), decimalText(4, false), fc.constantFrom(0, 2, 3), (quantity, unitPrice, taxRate, decimals) => {
    const subtotal = referenceFixed(new Reference(quantity).times(unitPrice), decimals);
    const tax = referenceFixed(new Reference(subtotal).times(taxRate).dividedBy(100), decimals);
    assert.deepEqual(lineAmounts({ quantity, unitPrice, taxRate, decimals }), { subtotal, tax, total: referenceFixed(new Reference(subtotal).plus(tax), decimals) });
    assert.equal(lineSubtotal(quantity, unitPrice, decimals), subtotal);
    assert.equal(sumAmounts([quantity, unitPrice, `-${taxRate}`], decimals), referenceFixed(new Reference(quantity).plus(unitPrice).minus(taxRate), decimals));
    assert.equal(formatAmount(quantity, decimals), referenceFixed(new Reference(quantity), decimals));
    assert.equal(subtractAmounts(quantity, [unitPrice, `-${taxRate}`], decimals), referenceFixed(new Reference(quantity).minus(unitPrice).plus(taxRate), decimals));
    assert.equal(compareAmounts(quantity, unitPrice), new Reference(quantity).comparedTo(unitPrice));
    assert.equal(compareAmounts(`${unitPrice}${unitPrice.includes('.') ? '0' : ''}`, unitPrice), 0);
  }), { numRuns: 2000 });
});

test('R4: a price fits the currency once trailing zeros go (stored prices carry 4 decimals)', () => {
  const cases: Array<[string, number, boolean]> = [
    ['90.0000', 2, true],
    ['90.5', 2, true],
    ['90.555', 2, false],
    ['90.5550', 2, false],
    ['90', 0, true],
    ['90.10', 0, false],
    ['0.125', 3, true],
  ];
  for (const [value, decimals, expected] of cases) assert.equal(fitsDecimals(value, decimals), expected, `${value} in ${decimals}`);
});
