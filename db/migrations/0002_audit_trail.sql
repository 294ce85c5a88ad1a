-- Audit trail (issue 4, decision 0013): every change to a billing-relevant record writes one
-- append-only row saying who (the user set by the app for the transaction in `deskbill.actor`;
-- NULL for the system: demo seeding, the CLI), when (UTC), what, and the watched columns before
-- and after. The rows are written by statement-level triggers with transition tables, so no
-- code path can change a watched column without leaving a row, and bulk statements cost one
-- INSERT ... SELECT, not one per row.

CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id bigint,
  object_type text NOT NULL,
  object_id bigint NOT NULL,
  action text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_events_object_idx ON audit_events (object_type, object_id, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id) WHERE actor_id IS NOT NULL;

-- Append-only: the app's own database role (often the table owner) cannot change or remove a
-- row; only a superuser who disables triggers could, and that leaves its own trace in the logs.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only' USING ERRCODE = 'P0001', HINT = 'AUDIT_APPEND_ONLY';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;

-- The acting user of the current transaction, or NULL for the system.
CREATE FUNCTION audit_actor() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('deskbill.actor', true), '')::bigint
$$;

-- The watched columns of a row as JSON (TG_ARGV: object type, id column, watched columns...).
CREATE FUNCTION audit_pick(j jsonb, keys text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(k, j -> k), '{}'::jsonb) FROM unnest(keys) AS k WHERE j ? k
$$;

CREATE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  watched text[] := TG_ARGV[2:];
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), TG_ARGV[0], (j ->> TG_ARGV[1])::bigint,
         CASE WHEN TG_ARGV[1] = 'id' THEN 'created' ELSE TG_TABLE_NAME || '_added' END,
         NULL, audit_pick(j, watched)
    FROM (SELECT to_jsonb(n) AS j FROM new_rows n) s;
  RETURN NULL;
END $$;

CREATE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  watched text[] := TG_ARGV[2:];
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), TG_ARGV[0], (j ->> TG_ARGV[1])::bigint,
         CASE WHEN TG_ARGV[1] = 'id' THEN 'deleted' ELSE TG_TABLE_NAME || '_removed' END,
         audit_pick(j, watched), NULL
    FROM (SELECT to_jsonb(o) AS j FROM old_rows o) s;
  RETURN NULL;
END $$;

-- Updates record only the watched columns that changed; a row whose watched columns did not
-- change writes nothing. `state` draft -> posted is named `posted`, other changes `updated`.
CREATE FUNCTION audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  watched text[] := TG_ARGV[2:];
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), TG_ARGV[0], d.id,
         CASE WHEN d.after ->> 'state' = 'posted' THEN 'posted'
              WHEN d.after ->> 'state' = 'confirmed' THEN 'confirmed'
              WHEN d.after ->> 'state' = 'cancelled' THEN 'cancelled'
              ELSE 'updated' END,
         d.before, d.after
    FROM (
      SELECT (n.j ->> TG_ARGV[1])::bigint AS id,
             (SELECT jsonb_object_agg(k, o.j -> k) FROM unnest(watched) k WHERE o.j -> k IS DISTINCT FROM n.j -> k) AS before,
             (SELECT jsonb_object_agg(k, n.j -> k) FROM unnest(watched) k WHERE o.j -> k IS DISTINCT FROM n.j -> k) AS after
        FROM (SELECT to_jsonb(x) AS j FROM new_rows x) n
        JOIN (SELECT to_jsonb(x) AS j FROM old_rows x) o ON (o.j ->> TG_ARGV[1]) = (n.j ->> TG_ARGV[1])
    ) d
   WHERE d.after IS NOT NULL;
  RETURN NULL;
END $$;

-- Attach the three triggers to each audited table.
CREATE FUNCTION audit_attach(tbl text, object_type text, id_column text, watched text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  args text := quote_literal(object_type) || ', ' || quote_literal(id_column)
               || (SELECT coalesce(string_agg(', ' || quote_literal(c), ''), '') FROM unnest(watched) c);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_insert(%s)', tbl || '_audit_insert', tbl, args);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update(%s)', tbl || '_audit_update', tbl, args);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_delete(%s)', tbl || '_audit_delete', tbl, args);
END $$;

SELECT audit_attach('timesheets', 'timesheet', 'id', ARRAY['ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned']);
SELECT audit_attach('tickets', 'ticket', 'id', ARRAY['number', 'team_id', 'customer_id', 'stage_id', 'sale_order_line_id']);
SELECT audit_attach('sale_orders', 'sale_order', 'id', ARRAY['number', 'customer_id', 'state']);
SELECT audit_attach('sale_order_lines', 'sale_order_line', 'id', ARRAY['order_id', 'product_id', 'description', 'unit', 'invoicing_policy', 'quantity', 'unit_price', 'tax_rate', 'qty_delivered_manual']);
SELECT audit_attach('invoices', 'invoice', 'id', ARRAY['kind', 'state', 'number', 'sale_order_id', 'customer_id', 'reversed_invoice_id', 'invoice_date', 'period_start', 'period_end', 'amount_untaxed', 'amount_tax', 'amount_total']);
SELECT audit_attach('invoice_lines', 'invoice_line', 'id', ARRAY['invoice_id', 'sale_order_line_id', 'origin_line_id', 'quantity', 'unit_price', 'tax_rate', 'subtotal']);
SELECT audit_attach('users', 'user', 'id', ARRAY['name', 'email', 'role', 'customer_id', 'active', 'hourly_cost']);
SELECT audit_attach('user_teams', 'user', 'user_id', ARRAY['team_id']);
SELECT audit_attach('company_settings', 'company', 'id', ARRAY['name', 'vat_id', 'currency', 'minutes_per_day', 'payment_terms_days', 'default_tax_rate']);
DROP FUNCTION audit_attach(text, text, text, text[]);
