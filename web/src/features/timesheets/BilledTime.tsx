import { displayMinutes } from '../../ui/format.ts';

const multiplied = (multiplier: string) => (multiplier === '1' ? '' : ` × ${multiplier}`);

/**
 * R78: an entry's recorded time, with the time it bills beneath when that differs (its line's
 * step or minimum, its multiplier). The recorded minutes are what the agent logged; they never change.
 */
export function RecordedAndBilled({ minutes, billedMinutes, billedMultiplier }: { minutes: number; billedMinutes: number; billedMultiplier: string }) {
  const differs = billedMinutes !== minutes || billedMultiplier !== '1';
  return (
    <>
      <span className="px-2">{displayMinutes(minutes)}</span>
      {differs && (
        <span className="block px-2 text-xs whitespace-nowrap text-slate-500" title="Billed time: the line's billing increments and the entry's multiplier applied">
          billed {displayMinutes(billedMinutes)}{multiplied(billedMultiplier)}
        </span>
      )}
    </>
  );
}

/** R78: on an invoice, the time a line bills for an entry, with what was recorded beneath when that differs. */
export function BilledAndRecorded({ minutes, recordedMinutes, billedMultiplier }: { minutes: number; recordedMinutes: number; billedMultiplier: string }) {
  const differs = recordedMinutes !== minutes || billedMultiplier !== '1';
  return (
    <>
      {displayMinutes(minutes)}
      {differs && (
        <span className="block text-xs whitespace-nowrap text-slate-500" title="Recorded time, and the multiplier applied to it">
          recorded {displayMinutes(recordedMinutes)}{multiplied(billedMultiplier)}
        </span>
      )}
    </>
  );
}
