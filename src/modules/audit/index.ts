export { AUDITED_OBJECTS, listAuditEvents } from './events.ts';
