export { AUDITED_OBJECTS, listAuditEvents, type AuditedObject } from './events.ts';
