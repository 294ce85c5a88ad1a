export {
  assertMayLogFor, BILLING_FIELDS, changedEntry, lockEntriesToRebill, lockEntry, lockFollowingEntries, rebillEntries, removeEntry, setEntriesLine, unlinkEntriesOfLines, writeEntry,
} from './entries.ts';
export { logTimeEntry, type TimesheetInput } from './log-time.ts';
export {
  ENTRY_COLUMNS, ENTRY_ORDER, ENTRY_TABLES, entriesAfter, entryConditions, findEntry, listEntries, toTimesheetRead, type EntryFilters, type EntryRow as EntryReadRow, type TimesheetRead,
} from './read.ts';
export { timesheetStatusIsSql } from './rules-sql.ts';
export { deliveredMinutesSql } from './delivered.ts';
export { timesheets } from './tables.ts';
