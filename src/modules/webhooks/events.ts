// R64, decision 0028: emitting an event. A change calls `emitEvent` inside its transaction; it
// calls the SQL function `webhook_emit` (migration 0014): one INSERT … SELECT writes an outbox row
// per active endpoint subscribed to the event's type and the delivery rows linking them. With no
// endpoint subscribed it writes nothing and costs a look at the few rows of webhook_endpoints (its
// plans are cached per session). Rolled back with the change, or committed with it. The one
// exception, timesheet.created on the hot path of logging time, is emitted by a trigger of
// timesheets calling the same function (migration 0014).
import { randomUUID } from 'node:crypto';
import { preparedRows, type Executor } from '../../platform/db.ts';
import { markQueued } from '../../platform/outbox.ts';

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

/** The outbox kind of webhook messages (its handler: `webhookHandler`). Their rows are written by `webhook_emit` (migration 0014), with 12 attempts. */
export const WEBHOOK_KIND = 'webhook';

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
const newEventId = (): string => `msg_${randomUUID().replaceAll('-', '')}`;

const EMIT_SQL = 'SELECT webhook_emit($1::text, $2::text, $3::text, $4::jsonb) AS endpoints';

/**
 * Emits an event in the transaction of `tx`: queued for every active endpoint subscribed to its
 * type once the transaction commits, nothing if it rolls back. `data` is the resource's id and key
 * fields (ids as strings, amounts as decimal strings). Answers the number of endpoints it goes to.
 */
export async function emitEvent(tx: Executor, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  const [row] = await preparedRows<{ endpoints: number }>(tx, 'deskbill_webhook_emit', EMIT_SQL, [type, newEventId(), new Date().toISOString(), JSON.stringify(data)]);
  const endpoints = row?.endpoints ?? 0;
  // Rows written by SQL: the worker is woken after this request, not at its next poll.
  if (endpoints > 0) markQueued();
  return endpoints;
}
