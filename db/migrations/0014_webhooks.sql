-- Issue 11, decision 0028, R64: webhooks. Admins register endpoints (URL, events, secret); a change
-- that one of them subscribes to writes, in its own transaction, one outbox row per subscribed
-- endpoint (kind 'webhook') and one delivery row linking the endpoint, the event's id and that
-- outbox row. The outbox worker (migration 0011) delivers them, signed per Standard Webhooks.
-- The webhooks module owns these tables.
CREATE TABLE webhook_endpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url text NOT NULL CHECK (url ~* '^https?://' AND length(url) <= 2000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  -- The event types it receives (webhooks/events.ts lists them), at least one.
  events text[] NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY[
    'invoice.posted', 'invoice.sent', 'credit_note.posted', 'ticket.created', 'ticket.stage_changed',
    'timesheet.created', 'timesheet.updated', 'timesheet.deleted', 'sale_order.confirmed']::text[]),
  active boolean NOT NULL DEFAULT true,
  -- Why it stopped receiving (an HTTP 410 Gone from the receiver); cleared when an admin re-enables it.
  disabled_reason text,
  -- whsec_ and the base64 of 32 random bytes; the previous one still signs (a second signature)
  -- until previous_secret_until, so receivers can switch without losing a message.
  secret text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9+/]{32,}={0,2}$'),
  previous_secret text CHECK (previous_secret IS NULL OR previous_secret ~ '^whsec_[A-Za-z0-9+/]{32,}={0,2}$'),
  previous_secret_until timestamptz,
  secret_rotated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL))
);

-- One row per message to an endpoint: the event's first delivery, and each Resend (resend_of: the
-- first delivery). The event's id is the message's webhook-id, the same on every attempt and on a
-- resend; (endpoint, event) is unique among first deliveries, so an event is queued once per endpoint.
CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id bigint NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id text NOT NULL CHECK (event_id ~ '^msg_[A-Za-z0-9]{16,64}$'),
  event_type text NOT NULL,
  outbox_id bigint NOT NULL UNIQUE REFERENCES outbox(id),
  resend_of bigint REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (endpoint_id, event_id) WHERE resend_of IS NULL;
-- The log of an endpoint, newest first.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_resend_idx ON webhook_deliveries (resend_of) WHERE resend_of IS NOT NULL;

-- Emits an event (R64) in the caller's transaction: an outbox row per active endpoint subscribed to
-- its type, and the delivery row linking each to the event's id, in one INSERT … SELECT. Without a
-- subscriber it only looks at the few rows of webhook_endpoints. A PL/pgSQL function: its plans are
-- made once per session, so the hot path (logging time, which calls it inside its one statement)
-- pays next to nothing (decision 0028). Answers the number of endpoints it goes to.
CREATE FUNCTION webhook_emit(event_type text, event_id text, event_time text, data jsonb) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  endpoints integer := 0;
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE active AND event_type = ANY (events)) THEN
    WITH queued AS (
      INSERT INTO outbox (kind, payload, max_attempts)
      SELECT 'webhook', jsonb_build_object('endpointId', e.id::text, 'id', event_id, 'type', event_type, 'timestamp', event_time, 'data', data), 12
        FROM webhook_endpoints e WHERE e.active AND event_type = ANY (e.events) ORDER BY e.id
      RETURNING id, (payload ->> 'endpointId')::bigint AS endpoint_id)
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, outbox_id)
    SELECT endpoint_id, event_id, event_type, id FROM queued;
    GET DIAGNOSTICS endpoints = ROW_COUNT;
  END IF;
  RETURN endpoints;
END $$;

-- timesheet.created is emitted by a trigger of timesheets, the one exception: logging time is one
-- statement on the hottest write path (decision 0018), and a call of webhook_emit inside that
-- statement cost about 0.3 ms per entry on PGlite (its planning), where this trigger's cached
-- look at webhook_endpoints costs nothing measurable (decision 0028). The data: timesheetEventData
-- of timesheets/entries.ts, which emits timesheet.updated and timesheet.deleted.
CREATE FUNCTION timesheets_webhook_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE active AND 'timesheet.created' = ANY (events)) THEN
    PERFORM webhook_emit('timesheet.created', 'msg_' || replace(gen_random_uuid()::text, '-', ''),
      to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      jsonb_build_object('id', NEW.id::text, 'ticketId', NEW.ticket_id::text, 'userId', NEW.user_id::text, 'date', NEW.date::text,
        'minutes', NEW.minutes, 'description', NEW.description, 'billable', NEW.billable, 'saleOrderLineId', NEW.sale_order_line_id::text));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheets_webhook_created AFTER INSERT ON timesheets FOR EACH ROW EXECUTE FUNCTION timesheets_webhook_created();

-- The one row of webhook settings: private targets (loopback, private networks...) refused unless allowed.
CREATE TABLE webhook_settings (
  id smallint PRIMARY KEY CHECK (id = 1),
  allow_private_targets boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO webhook_settings (id) VALUES (1);

-- On the audit trail: endpoints as 'webhook_endpoint' (never the secret, only when it was rotated),
-- the private-targets setting on the company's trail.
CREATE TRIGGER webhook_endpoints_audit_insert AFTER INSERT ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION audit_insert('webhook_endpoint', 'id', 'url', 'description', 'events', 'active');
CREATE TRIGGER webhook_endpoints_audit_delete AFTER DELETE ON webhook_endpoints REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_delete('webhook_endpoint', 'id', 'url', 'description', 'events', 'active');
CREATE FUNCTION webhook_endpoints_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'webhook_endpoint', n.id, 'updated', d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n), ARRAY['url', 'description', 'events', 'active', 'disabled_reason', 'secret_rotated_at']) d
   WHERE (o.url, o.description, o.events, o.active, o.disabled_reason, o.secret_rotated_at)
         IS DISTINCT FROM (n.url, n.description, n.events, n.active, n.disabled_reason, n.secret_rotated_at);
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_endpoints_audit_update AFTER UPDATE ON webhook_endpoints
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_endpoints_audit_update();
CREATE FUNCTION webhook_settings_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.allow_private_targets IS DISTINCT FROM NEW.allow_private_targets THEN
    INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
    VALUES (audit_actor(), 'company', 1, 'updated',
            jsonb_build_object('webhooks_allow_private_targets', OLD.allow_private_targets),
            jsonb_build_object('webhooks_allow_private_targets', NEW.allow_private_targets));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_settings_audit_update AFTER UPDATE ON webhook_settings
  FOR EACH ROW EXECUTE FUNCTION webhook_settings_audit_update();
