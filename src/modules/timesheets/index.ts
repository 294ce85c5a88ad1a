export { timesheets } from './tables.ts';
