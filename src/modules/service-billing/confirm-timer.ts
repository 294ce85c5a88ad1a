import { inOneTransaction, type Db } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { lockTimer, removeTimer, type TimesheetInput, type TimesheetRead } from '../timesheets/index.ts';
import { logTime } from './timesheets.ts';

/** What the agent confirms of a stopped timer's draft (an entry's fields but its agent); what is left out takes the draft's value. */
export type TimerConfirmation = Partial<Omit<TimesheetInput, 'userId'>>;

/**
 * R79: turns the caller's stopped timer into an entry of their time on its ticket, logged as any
 * entry is (R1, R11, R12, R14, R20), and removes the timer, in one transaction: both or neither.
 */
export async function confirmTimer(db: Db, actor: AuthContext, input: TimerConfirmation): Promise<TimesheetRead> {
  return inOneTransaction(db, async (tx) => {
    const timer = await lockTimer(tx, actor, 'confirm');
    const draft = timer.draft!;
    const entry = await logTime(db, Number(timer.ticketId), actor, { ...input, date: input.date ?? draft.date, minutes: input.minutes ?? draft.minutes });
    await removeTimer(tx, actor);
    return entry;
  });
}
