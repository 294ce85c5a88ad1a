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
