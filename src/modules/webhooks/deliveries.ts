// R64, decision 0028: the delivery log of an endpoint (each message, its state from the outbox row
// that carries it) and Resend: the same message, same webhook-id and data, queued again as a new
// outbox row and a new log row pointing at the first delivery.
import { sql } from 'drizzle-orm';
import { enqueue, OUTBOX_STATUS_COLUMNS, outboxStatus, type OutboxStatus, type OutboxStatusRow } from '../../platform/outbox.ts';
import { inTransaction, isoTimestamp, queryRows, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { lastStatus } from './delivery.ts';
import { WEBHOOK_KIND, type WebhookEventType } from './events.ts';
import { getWebhookEndpoint } from './endpoints.ts';

export interface WebhookDeliveryRead extends OutboxStatus {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The first delivery this one re-sends, or null for an event's first delivery. */
  resendOf: string | null;
  /** The HTTP status of the last answer, or null (none yet, a timeout, a refusal). */
  lastStatus: number | null;
  createdAt: string;
  /** When the next attempt is due, while queued. */
  nextAttemptAt: string | null;
}

interface Row extends OutboxStatusRow {
  id: number;
  endpoint_id: number;
  event_id: string;
  event_type: WebhookEventType;
  resend_of: number | null;
  created_at: string;
}

const toRead = (r: Row): WebhookDeliveryRead => ({
  id: String(r.id),
  endpointId: String(r.endpoint_id),
  eventId: r.event_id,
  eventType: r.event_type,
  resendOf: r.resend_of === null ? null : String(r.resend_of),
  ...outboxStatus(r),
  lastStatus: lastStatus(r.last_response),
  createdAt: isoTimestamp(r.created_at)!,
  nextAttemptAt: r.state === 'queued' ? isoTimestamp(r.run_at) : null,
});

const deliveryRows = (db: Executor, where: ReturnType<typeof sql>, limit: number) => queryRows<Row>(db, sql`
  SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.resend_of, d.created_at::text AS created_at,
         ${OUTBOX_STATUS_COLUMNS}
    FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id
   WHERE ${where} ORDER BY d.id DESC LIMIT ${limit}`);

/** The log of an endpoint, newest first; 404 for an unknown endpoint. */
export async function listWebhookDeliveries(db: Executor, endpointId: number, query: { limit: number; cursor?: string | undefined }) {
  await getWebhookEndpoint(db, endpointId);
  const after = decodeCursor(query.cursor, 1);
  const rows = await deliveryRows(db, sql`d.endpoint_id = ${endpointId}${after ? sql` AND d.id < ${Number(after[0])}` : sql``}`, query.limit + 1);
  return toPage(rows, query.limit, (r) => [r.id], toRead);
}

/**
 * Resend: queues the delivery's message again (same webhook-id, type, timestamp and data; signed
 * anew at delivery) and logs it. 409 WEBHOOK_ENDPOINT_DISABLED when the endpoint is disabled.
 */
export async function resendWebhookDelivery(db: Db, deliveryId: number): Promise<WebhookDeliveryRead> {
  return inTransaction(db, async (tx) => {
    const [original] = await queryRows<{ endpoint_id: number; event_id: string; event_type: string; first: number; payload: unknown; max_attempts: number; active: boolean }>(tx, sql`
      SELECT d.endpoint_id, d.event_id, d.event_type, coalesce(d.resend_of, d.id) AS first, o.payload, o.max_attempts, e.active
        FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.id = ${deliveryId}
         FOR SHARE OF e`);
    if (!original) throw notFound('Webhook delivery');
    if (!original.active) throw new AppError('WEBHOOK_ENDPOINT_DISABLED', 'The endpoint is disabled: enable it to resend');
    const outboxId = await enqueue(tx, { kind: WEBHOOK_KIND, payload: original.payload, maxAttempts: original.max_attempts });
    const [row] = await queryRows<{ id: number }>(tx, sql`
      INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, outbox_id, resend_of)
      VALUES (${original.endpoint_id}, ${original.event_id}, ${original.event_type}, ${outboxId}, ${original.first}) RETURNING id`);
    return toRead((await deliveryRows(tx, sql`d.id = ${row!.id}`, 1))[0]!);
  });
}
