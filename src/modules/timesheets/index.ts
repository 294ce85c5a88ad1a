export {
  assertMayLogFor, BILLING_FIELDS, changedEntry, followTicketLine, lockEntriesToRebill, lockEntry, lockFollowingEntries, rebillEntries, removeEntry, unlinkEntriesOfLines, writeEntry,
} from './entries.ts';
export { logTimeEntry, type TimesheetInput } from './log-time.ts';
export {
  ENTRY_COLUMNS, ENTRY_ORDER, ENTRY_TABLES, entriesAfter, entryConditions, findEntry, listEntries, toTimesheetRead, type EntryFilters, type EntryRow as EntryReadRow, type TimesheetRead,
} from './read.ts';
export { timesheetStatusIsSql } from './rules-sql.ts';
export { deliveredMinutesSql } from './delivered.ts';
export { changeTimer, getCurrentTimer, listTimers, lockTimer, removeTimer, startTimer } from './timers.ts';
export { timesheets } from './tables.ts';
export { assertActiveWorkType, createWorkType, listWorkTypes, updateWorkType } from './work-types.ts';
