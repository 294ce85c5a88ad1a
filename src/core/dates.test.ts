import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, monthEnd, monthStart, weekStart } from './dates.ts';

test('due dates: addDays crosses months, years and leap days', () => {
  const cases: Array<[string, number, string]> = [
    ['2026-11-28', 30, '2026-12-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-28', 0, '2026-11-28'],
  ];
  for (const [date, days, expected] of cases) assert.equal(addDays(date, days), expected, `${date} + ${days}`);
});

test('the dashboard week starts on Monday', () => {
  const cases: Array<[string, string]> = [
    ['2026-11-23', '2026-11-23'], // Monday
    ['2026-11-28', '2026-11-23'], // Saturday
    ['2026-11-29', '2026-11-23'], // Sunday
    ['2027-01-01', '2026-12-28'], // Friday, across the year
  ];
  for (const [date, expected] of cases) assert.equal(weekStart(date), expected, date);
});

test('month bounds for period invoices', () => {
  assert.equal(monthStart('2026-11-28', 2), '2026-09-01');
  assert.equal(monthStart('2026-01-15', 1), '2025-12-01');
  assert.equal(monthEnd('2028-02-10'), '2028-02-29');
  assert.equal(monthEnd('2026-12-01'), '2026-12-31');
});
