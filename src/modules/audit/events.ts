import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/db.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';

/** The kinds of records the audit trail follows (migration 0002). */
export const AUDITED_OBJECTS = ['timesheet', 'ticket', 'sale_order', 'sale_order_line', 'invoice', 'invoice_line', 'user', 'company', 'webhook_endpoint'] as const;
export type AuditedObject = (typeof AUDITED_OBJECTS)[number];

export interface AuditEventRead {
  id: string;
  at: string;
  actorId: string | null;
  /** The acting user's name, or null for the system (demo data, the command line). */
  actorName: string | null;
  objectType: AuditedObject;
  objectId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A record and its parts: the history of a ticket includes its time entries, and so on. */
const WITH_PARTS = {
  ticketId: { type: 'ticket', part: 'timesheet', table: 'timesheets', parent: 'ticket_id' },
  saleOrderId: { type: 'sale_order', part: 'sale_order_line', table: 'sale_order_lines', parent: 'order_id' },
  invoiceId: { type: 'invoice', part: 'invoice_line', table: 'invoice_lines', parent: 'invoice_id' },
} as const;

/**
 * The events of a record and of its parts, removed parts included (their created and deleted
 * rows carry the parent's id; migration 0002 indexes it).
 */
function withParts(key: keyof typeof WITH_PARTS, id: number): SQL {
  // Literals from the constant table above, written as the indexes' expressions and predicates.
  const { type, part, table, parent } = WITH_PARTS[key];
  const [typeSql, partSql, parentKey] = [type, part, parent].map((v) => sql.raw(`'${v}'`));
  return sql`((e.object_type = ${typeSql} AND e.object_id = ${id})
    OR (e.object_type = ${partSql} AND e.object_id IN (SELECT p.id FROM ${sql.raw(table)} p WHERE p.${sql.raw(parent)} = ${id}))
    OR (e.object_type = ${partSql} AND coalesce(e.after ->> ${parentKey}, e.before ->> ${parentKey}) = ${String(id)}))`;
}

export interface AuditFilters {
  limit: number;
  cursor?: string | undefined;
  ticketId?: string | undefined;
  saleOrderId?: string | undefined;
  invoiceId?: string | undefined;
  objectType?: AuditedObject | undefined;
  objectId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

interface Row {
  id: number; at: string; actor_id: number | null; actor_name: string | null; object_type: AuditedObject; object_id: number;
  action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
}

/**
 * Lists audit events, newest first, filtered by object, by record with its parts (`ticketId`,
 * `saleOrderId`, `invoiceId`), actor, action and time (`from`/`to` are dates, inclusive, UTC). Values in `before`/`after` are the database's own (numbers as JSON
 * numbers, dates as strings), for the watched columns that changed.
 */
export async function listAuditEvents(db: Executor, f: AuditFilters) {
  const after = decodeCursor(f.cursor, 1);
  const conditions: SQL[] = [sql`true`];
  for (const key of Object.keys(WITH_PARTS) as Array<keyof typeof WITH_PARTS>) {
    const id = f[key];
    if (id) conditions.push(withParts(key, Number(id)));
  }
  if (f.objectType) conditions.push(sql`e.object_type = ${f.objectType}`);
  if (f.objectId) conditions.push(sql`e.object_id = ${Number(f.objectId)}`);
  if (f.actorId) conditions.push(sql`e.actor_id = ${Number(f.actorId)}`);
  if (f.action) conditions.push(sql`e.action = ${f.action}`);
  if (f.from) conditions.push(sql`e.at >= ${f.from}::date`);
  if (f.to) conditions.push(sql`e.at < ${f.to}::date + 1`);
  if (after) conditions.push(sql`e.id < ${after[0]}`);
  const rows = await queryRows<Row>(db, sql`
    SELECT e.id AS id, e.at::text AS at, e.actor_id AS actor_id, u.name AS actor_name, e.object_type,
           e.object_id AS object_id, e.action, e.before, e.after
      FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE ${sql.join(conditions, sql` AND `)}
     ORDER BY e.id DESC LIMIT ${f.limit + 1}`);
  return toPage(rows, f.limit, (r) => [r.id], (r): AuditEventRead => ({
    id: String(r.id), at: new Date(r.at).toISOString(), actorId: r.actor_id === null ? null : String(r.actor_id), actorName: r.actor_name,
    objectType: r.object_type, objectId: String(r.object_id), action: r.action, before: r.before, after: r.after,
  }));
}
