import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellCanLower, cellChange, isMonday, mondayOf, weekDays, type CellChange, type CellEntry } from './timesheet-week.ts';

const open = (id: number, minutes: number): CellEntry => ({ id, minutes, invoiced: false });
const invoiced = (id: number, minutes: number): CellEntry => ({ id, minutes, invoiced: true });

// [name, entries of the cell, minutes typed, what happens]
const cases: Array<[string, CellEntry[], number, CellChange]> = [
  ['R68: an empty cell left at 0 changes nothing', [], 0, { kind: 'none' }],
  ['R68: an empty cell logs an entry of the minutes typed', [], 90, { kind: 'log', minutes: 90 }],
  ['R68: a cell typed with its own total changes nothing, even with several entries', [open(1, 30), invoiced(2, 30)], 60, { kind: 'none' }],
  ['R68: a cell with one open entry changes that entry upwards', [open(7, 30)], 45, { kind: 'update', id: 7, minutes: 45 }],
  ['R68: a cell with one open entry changes that entry downwards', [open(7, 30)], 1, { kind: 'update', id: 7, minutes: 1 }],
  ['R68: a cell with one open entry set to 0 deletes it', [open(7, 30)], 0, { kind: 'delete', id: 7 }],
  ['R68: a cell with several entries grows by a new entry for the difference', [open(1, 30), open(2, 30)], 90, { kind: 'log', minutes: 30 }],
  ['R68: a cell with an invoiced entry grows by a new entry for the difference', [invoiced(3, 60)], 75, { kind: 'log', minutes: 15 }],
  ['R68: a cell with several entries refuses a lower value', [open(1, 30), open(2, 30)], 45, { kind: 'refuse' }],
  ['R68: a cell with an invoiced entry refuses a lower value', [invoiced(3, 60)], 59, { kind: 'refuse' }],
  ['R68: a cell with an invoiced entry refuses 0', [invoiced(3, 60)], 0, { kind: 'refuse' }],
];
for (const [name, entries, minutes, expected] of cases) {
  test(name, () => assert.deepEqual(cellChange(entries, minutes), expected));
}

test('R68: only a cell of at most one entry, not invoiced, may go down', () => {
  assert.deepEqual([[], [open(1, 5)], [invoiced(1, 5)], [open(1, 5), open(2, 5)]].map(cellCanLower), [true, true, false, false]);
});

test('R68: a week is the seven days from a Monday, across month and year ends', () => {
  assert.deepEqual(weekDays('2026-12-28'), ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  assert.deepEqual(['2026-11-30', '2026-12-01', '2026-12-06', '2027-01-04'].map(isMonday), [true, false, false, true]);
  assert.deepEqual(['2026-11-30', '2026-12-02', '2026-12-06', '2027-01-03'].map(mondayOf), ['2026-11-30', '2026-11-30', '2026-11-30', '2026-12-28']);
});
