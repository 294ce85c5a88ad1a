// R64, decision 0028: emitting an event. A change calls `emitEvent` (or, on the hot path of
// logging time, puts `eventCtes` into its own statement) inside its transaction: one INSERT …
// SELECT writes an outbox row per active endpoint subscribed to the event's type, and the
// delivery rows linking them, in one statement. With no endpoint subscribed it writes nothing and
// costs a scan of the few rows of webhook_endpoints. Rolled back with the change, or committed with it.
import { randomUUID } from 'node:crypto';
import { preparedRows, type Executor } from '../../platform/db.ts';

/** The event types, as receivers see them in `type` (README "Webhooks" documents each one's data). */
export const WEBHOOK_EVENTS = [
  'invoice.posted',
  'invoice.sent',
  'credit_note.posted',
  'ticket.created',
  'ticket.stage_changed',
  'timesheet.created',
  'timesheet.updated',
  'timesheet.deleted',
  'sale_order.confirmed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The outbox kind of webhook messages (its handler: `webhookHandler`). */
export const WEBHOOK_KIND = 'webhook';

/**
 * Attempts of one message before it is failed: with the outbox's backoff (30 s doubling, at most
 * an hour between two) the last one comes about 5 hours after the first.
 */
export const WEBHOOK_MAX_ATTEMPTS = 12;

/** What an outbox row of kind 'webhook' holds: the endpoint, and the message signed at each attempt. */
export interface WebhookMessage {
  endpointId: string;
  /** The webhook-id: the same on every attempt and every resend. */
  id: string;
  type: WebhookEventType;
  /** When the change happened (ISO 8601, UTC). */
  timestamp: string;
  data: Record<string, unknown>;
}

/** A new event id: `msg_` and 32 hex digits (never a `.`, which the signed content uses as separator). */
export const newEventId = (): string => `msg_${randomUUID().replaceAll('-', '')}`;

/**
 * Two CTEs (`webhook_outbox`, `webhook_log`) to put in a statement's WITH list: for each row of
 * `from` and each active endpoint subscribed to `type`, an outbox row and its delivery row. `id`,
 * `timestamp` and `data` are SQL expressions (parameters, or columns of `from`); `type` is one of
 * WEBHOOK_EVENTS, written as a literal.
 */
export function eventCtes(type: WebhookEventType, p: { id: string; timestamp: string; data: string; from: string }): string {
  if (!WEBHOOK_EVENTS.includes(type)) throw new Error(`not a webhook event type: ${type}`);
  return `
  webhook_outbox AS (
    INSERT INTO outbox (kind, payload, max_attempts)
    SELECT '${WEBHOOK_KIND}', jsonb_build_object('endpointId', e.id::text, 'id', ${p.id}, 'type', '${type}', 'timestamp', ${p.timestamp}, 'data', ${p.data}), ${WEBHOOK_MAX_ATTEMPTS}
      FROM ${p.from} CROSS JOIN webhook_endpoints e
     WHERE e.active AND '${type}' = ANY (e.events)
     ORDER BY e.id
    RETURNING id, payload),
  webhook_log AS (
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, outbox_id)
    SELECT (payload ->> 'endpointId')::bigint, payload ->> 'id', payload ->> 'type', id FROM webhook_outbox)`;
}

const emitSql = new Map<WebhookEventType, string>(WEBHOOK_EVENTS.map((type) => [type, `
  WITH ${eventCtes(type, { id: '$1::text', timestamp: '$2::text', data: '$3::jsonb', from: '(SELECT 1) AS one' })}
  SELECT count(*)::int AS endpoints FROM webhook_outbox`]));

/**
 * Emits an event in the transaction of `tx`: queued for every active endpoint subscribed to its
 * type once the transaction commits, nothing if it rolls back. `data` is the resource's id and key
 * fields (ids as strings, amounts as decimal strings). Answers the number of endpoints it goes to.
 */
export async function emitEvent(tx: Executor, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  const [row] = await preparedRows<{ endpoints: number }>(tx, `deskbill_event_${type.replace('.', '_')}`, emitSql.get(type)!, [newEventId(), new Date().toISOString(), JSON.stringify(data)]);
  return row?.endpoints ?? 0;
}
