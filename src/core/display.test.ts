import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayAmount, displayDecimal, displayMinutes, displayPercent, displayQuantity, unitLabel } from './display.ts';

const amountCases: Array<[string, string, string, string]> = [
  ['groups thousands', '1234567.50', 'EUR', '1,234,567.50 EUR'],
  ['leaves a small amount as it is', '80.00', 'EUR', '80.00 EUR'],
  ['keeps zero', '0.00', 'EUR', '0.00 EUR'],
  ['shows a negative credit-note amount with its sign', '-1234.50', 'EUR', '-1,234.50 EUR'],
  ['shows a negative amount below one thousand', '-999.99', 'EUR', '-999.99 EUR'],
  ['shows a zero-decimal currency without decimals', '1500', 'JPY', '1,500 JPY'],
  ['shows a negative zero-decimal amount', '-1234567', 'JPY', '-1,234,567 JPY'],
  ['keeps a three-decimal currency', '1234.567', 'KWD', '1,234.567 KWD'],
  ['keeps every digit beyond 2^53 exactly', '12345678901234567.89', 'EUR', '12,345,678,901,234,567.89 EUR'],
  ['keeps 20 decimals and 30 digits exactly', '123456789012345678901234567890.12345678901234567890', 'EUR', '123,456,789,012,345,678,901,234,567,890.12345678901234567890 EUR'],
  ['never rounds a third decimal away (1.005 stays 1.005)', '1.005', 'EUR', '1.005 EUR'],
  ['never rounds a price with more decimals than its currency', '97.3450', 'EUR', '97.3450 EUR'],
  ['never rounds decimals on a zero-decimal currency', '1499.5', 'JPY', '1,499.5 JPY'],
  ['never pads digits the server did not write', '350', 'EUR', '350 EUR'],
];
for (const [behaviour, amount, currency, expected] of amountCases) {
  test(`display: ${behaviour}: ${amount} ${currency} → ${expected}`, () => assert.equal(displayAmount(amount, currency), expected));
}

test('display: writes amounts in the locale asked for, still exactly', () => {
  assert.equal(displayAmount('-1234567.89', 'EUR', 'de-DE'), '-1.234.567,89 EUR');
  assert.equal(displayDecimal('12345678901234567.89', 'de-DE'), '12.345.678.901.234.567,89');
});

const refusedCases = ['1e3', '+1', ' 1', '1 ', '1.', '.5', 'NaN', 'Infinity', '', '1,5', '1_000', '0x10', '1.234.5'];
for (const value of refusedCases) {
  test(`display: refuses ${JSON.stringify(value)} rather than guess what it means`, () => {
    assert.throws(() => displayAmount(value, 'EUR'), RangeError);
    assert.throws(() => displayQuantity(value, 'hour'), RangeError);
    assert.throws(() => displayPercent(value), RangeError);
  });
}

test('display: refuses more than 20 decimals rather than round them', () => {
  assert.throws(() => displayDecimal(`0.${'1'.repeat(21)}`), RangeError);
});

const quantityCases: Array<[string, 'hour' | 'day' | 'unit', string]> = [
  ['3.50', 'hour', '3.50 h'],
  ['0.67', 'hour', '0.67 h'],
  ['1234.50', 'hour', '1,234.50 h'],
  ['-1.33', 'hour', '-1.33 h'],
  ['1.00', 'day', '1.00 day'],
  ['2.00', 'day', '2.00 days'],
  ['0.50', 'day', '0.50 days'],
  ['-1.00', 'day', '-1.00 day'],
  ['1.00', 'unit', '1.00 unit'],
  ['1234.00', 'unit', '1,234.00 units'],
  ['11.00', 'unit', '11.00 units'],
  ['123456789012345678.25', 'hour', '123,456,789,012,345,678.25 h'],
];
for (const [quantity, unit, expected] of quantityCases) {
  test(`display: shows a quantity of ${quantity} ${unit} as ${expected}`, () => assert.equal(displayQuantity(quantity, unit), expected));
}

test('display: names the unit alone, singular for exactly one', () => {
  assert.deepEqual(
    [unitLabel('hour', '1.00'), unitLabel('day', '1'), unitLabel('day', '10.00'), unitLabel('unit', '1.00'), unitLabel('unit', '0.00')],
    ['h', 'day', 'days', 'unit', 'units'],
  );
});

const percentCases: Array<[string, string]> = [
  ['21.00', '21%'], ['21.0000', '21%'], ['21', '21%'], ['5.50', '5.5%'], ['8.875', '8.875%'], ['0.00', '0%'], ['0.0001', '0.0001%'], ['1000.00', '1,000%'],
];
for (const [rate, expected] of percentCases) {
  test(`display: shows a ${rate} tax rate as ${expected}, dropping only trailing zeros`, () => assert.equal(displayPercent(rate), expected));
}

const minuteCases: Array<[number, string]> = [
  [90, '1:30'], [5, '0:05'], [0, '0:00'], [600, '10:00'], [1439, '23:59'], [-75, '-1:15'], [60_000, '1000:00'],
];
for (const [minutes, expected] of minuteCases) {
  test(`display: shows ${minutes} minutes as ${expected}`, () => assert.equal(displayMinutes(minutes), expected));
}

test('display: refuses minutes that are not whole rather than round them', () => {
  assert.throws(() => displayMinutes(1.5), RangeError);
  assert.throws(() => displayMinutes(Number.NaN), RangeError);
});
