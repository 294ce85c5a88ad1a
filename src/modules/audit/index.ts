export { AUDITED_OBJECTS, listAuditEvents, type AuditEventRead, type AuditedObject } from './events.ts';
export { auditEvents } from './tables.ts';
