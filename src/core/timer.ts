// R79: what a timer's time becomes when it is stopped: the minutes of its draft entry.

/** The longest entry R1 allows (24 h). */
const MAX_ENTRY_MINUTES = 1440;

/**
 * The minutes of the draft a stopped timer proposes: its seconds rounded up to the whole minute,
 * at least 1 and at most R1's 1440. draftMinutes(0) === 1, draftMinutes(61) === 2,
 * draftMinutes(3600) === 60, draftMinutes(100_000) === 1440.
 */
export function draftMinutes(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`Not a count of seconds: ${seconds}`);
  return Math.min(MAX_ENTRY_MINUTES, Math.max(1, Math.ceil(seconds / 60)));
}

export type TimerState = 'running' | 'paused' | 'stopped';
export type TimerAction = 'pause' | 'resume' | 'stop' | 'confirm';

const FROM: Record<TimerAction, readonly TimerState[]> = { pause: ['running'], resume: ['paused'], stop: ['running', 'paused'], confirm: ['stopped'] };
const WHY: Record<TimerState, string> = {
  running: 'The timer is running',
  paused: 'The timer is paused',
  stopped: 'The timer is stopped: confirm or discard its entry',
};

/**
 * Why a timer in `state` may not take `action`, or null when it may: a running timer pauses or
 * stops, a paused one resumes or stops, a stopped one is confirmed (any may be discarded).
 * timerRefusal('paused', 'pause') === 'The timer is paused'; timerRefusal('running', 'stop') === null.
 */
export function timerRefusal(state: TimerState, action: TimerAction): string | null {
  return FROM[action].includes(state) ? null : WHY[state];
}
