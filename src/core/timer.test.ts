import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftMinutes, timerRefusal, type TimerAction, type TimerState } from './timer.ts';

// [seconds the timer counted, minutes of its draft]
const cases: Array<[number, number]> = [
  [0, 1], [1, 1], [59, 1], [60, 1], [61, 2], [119, 2], [120, 2], [7 * 60 + 1, 8], [3600, 60], [86_400, 1440], [86_401, 1440], [1_000_000, 1440],
];
for (const [seconds, minutes] of cases) {
  test(`R79: a timer stopped after ${seconds} s proposes ${minutes} min`, () => assert.equal(draftMinutes(seconds), minutes));
}

test('R79: a negative or fractional count of seconds is a programming error', () => {
  assert.throws(() => draftMinutes(-1), RangeError);
  assert.throws(() => draftMinutes(1.5), RangeError);
});

// [state, action, allowed]
const transitions: Array<[TimerState, TimerAction, boolean]> = [
  ['running', 'pause', true], ['running', 'resume', false], ['running', 'stop', true], ['running', 'confirm', false],
  ['paused', 'pause', false], ['paused', 'resume', true], ['paused', 'stop', true], ['paused', 'confirm', false],
  ['stopped', 'pause', false], ['stopped', 'resume', false], ['stopped', 'stop', false], ['stopped', 'confirm', true],
];
for (const [state, action, allowed] of transitions) {
  test(`R79: a ${state} timer ${allowed ? 'may' : 'may not'} ${action}`, () => {
    const refusal = timerRefusal(state, action);
    if (allowed) assert.equal(refusal, null);
    else assert.match(refusal ?? '', new RegExp(`is ${state}`));
  });
}
