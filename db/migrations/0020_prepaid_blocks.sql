-- Issue 13, prepaid hour blocks (R73–R75, decision 0036).
--
-- R74: a product may name an upsell threshold (percent of a prepaid block, e.g. 80 or 100). When
-- the time delivered on a prepaid line of such a product reaches it, ONE alert is raised for the
-- order's account manager: a row of `notifications` and a mail in the outbox, written by a trigger
-- of timesheet_sums in the transaction that logged (or moved) the time, so that no path of
-- writing time can miss it. One alert per line and "generation": raising the line's ordered
-- quantity (a top-up) starts a new generation, so crossing again raises a new alert. The unique
-- key on (line, generation) is the database's guard against two alerts for one crossing, and a
-- row lock on the line serialises two writers crossing together, so that the second one sees the
-- first one's time (a crossing is never missed between them either).
--
-- R75: a product may bill overage: time beyond the block is billed at the line's price on the next
-- invoice, as an invoice line marked `overage`.

ALTER TABLE products
  ADD COLUMN upsell_threshold_percent numeric(5,2) CHECK (upsell_threshold_percent > 0),
  ADD COLUMN bill_overage boolean NOT NULL DEFAULT false;

-- A line copies its product's overage flag when it is made (decision 0006), like its other terms.
ALTER TABLE sale_order_lines
  ADD COLUMN bill_overage boolean NOT NULL DEFAULT false,
  ADD COLUMN alert_generation integer NOT NULL DEFAULT 0 CHECK (alert_generation >= 0);

-- The account manager of an order: the user who created it (decision 0036); NULL for orders made by
-- the system (the demo, the CLI) and those from before this migration.
ALTER TABLE sale_orders ADD COLUMN account_manager_id bigint REFERENCES users(id) DEFAULT audit_actor();

-- R75: an invoice line billing time beyond a prepaid block; a credit line of one is one too.
ALTER TABLE invoice_lines ADD COLUMN overage boolean NOT NULL DEFAULT false;

CREATE FUNCTION invoice_lines_overage_of_origin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.origin_line_id IS NOT NULL THEN
    NEW.overage := (SELECT overage FROM invoice_lines WHERE id = NEW.origin_line_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_lines_overage_of_origin BEFORE INSERT ON invoice_lines
  FOR EACH ROW WHEN (NEW.origin_line_id IS NOT NULL) EXECUTE FUNCTION invoice_lines_overage_of_origin();

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('prepaid_threshold')),
  sale_order_id bigint NOT NULL REFERENCES sale_orders(id) ON DELETE CASCADE,
  sale_order_line_id bigint NOT NULL REFERENCES sale_order_lines(id) ON DELETE CASCADE,
  generation integer NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  handled_at timestamptz,
  handled_by bigint REFERENCES users(id),
  CHECK ((handled_at IS NULL) = (handled_by IS NULL)),
  -- One alert per crossing: per line and generation (R74).
  UNIQUE (sale_order_line_id, generation)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);

-- Audit rows of the line the alert is about (so they show in the order's history): raised, handled.
CREATE FUNCTION notifications_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  VALUES (audit_actor(), 'sale_order_line', NEW.sale_order_line_id,
          CASE WHEN TG_OP = 'INSERT' THEN 'upsell_alert_raised' ELSE 'upsell_alert_handled' END,
          NULL,
          jsonb_build_object('order_id', NEW.sale_order_id, 'notification_id', NEW.id, 'user_id', NEW.user_id,
                             'generation', NEW.generation, 'handled_at', NEW.handled_at, 'handled_by', NEW.handled_by));
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_audit_insert AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION notifications_audit();
CREATE TRIGGER notifications_audit_handled AFTER UPDATE OF handled_at ON notifications
  FOR EACH ROW WHEN (OLD.handled_at IS DISTINCT FROM NEW.handled_at) EXECUTE FUNCTION notifications_audit();

-- R74: a top-up (the ordered quantity raised) starts a new generation of alerts.
CREATE FUNCTION sale_order_lines_alert_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.alert_generation := OLD.alert_generation + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER sale_order_lines_alert_generation BEFORE UPDATE OF quantity ON sale_order_lines
  FOR EACH ROW WHEN (NEW.quantity > OLD.quantity) EXECUTE FUNCTION sale_order_lines_alert_generation();

-- R74: the check, after the delivered minutes of a (ticket, line) row of timesheet_sums went up.
-- Only lines sold prepaid, of a product with a threshold, on a confirmed order, go further. The
-- line's row lock serialises writers of one block; in READ COMMITTED each statement below then
-- sees what the writer before committed.
CREATE FUNCTION prepaid_threshold_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line record;
  delivered bigint;
  per_unit numeric;
  recipient record;
  alert_id bigint;
  message text;
BEGIN
  PERFORM 1 FROM sale_order_lines l JOIN products p ON p.id = l.product_id JOIN sale_orders o ON o.id = l.order_id
    WHERE l.id = NEW.sale_order_line_id AND l.invoicing_policy = 'prepaid' AND l.unit IN ('hour', 'day')
      AND p.upsell_threshold_percent IS NOT NULL AND o.state = 'confirmed';
  IF NOT FOUND THEN RETURN NULL; END IF;
  PERFORM 1 FROM sale_order_lines WHERE id = NEW.sale_order_line_id FOR NO KEY UPDATE;
  SELECT l.id, l.order_id, l.quantity, l.unit, l.description, l.alert_generation, p.upsell_threshold_percent AS percent,
         o.number, o.account_manager_id
    INTO line
    FROM sale_order_lines l JOIN products p ON p.id = l.product_id JOIN sale_orders o ON o.id = l.order_id
   WHERE l.id = NEW.sale_order_line_id;
  IF EXISTS (SELECT 1 FROM notifications WHERE sale_order_line_id = line.id AND generation = line.alert_generation) THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(delivered_minutes), 0) INTO delivered FROM timesheet_sums WHERE sale_order_line_id = line.id;
  per_unit := CASE line.unit WHEN 'hour' THEN 60 ELSE (SELECT minutes_per_day FROM company_settings WHERE id = 1) END;
  -- Delivered as the line shows it (R3: 2 decimals, half up) against the threshold's share of the block.
  IF round(delivered / per_unit, 2) * 100 < line.percent * line.quantity THEN RETURN NULL; END IF;
  -- The account manager, else (an order the system made) the first active admin.
  SELECT u.id, u.name, u.email INTO recipient FROM users u
   WHERE u.active AND (u.id = line.account_manager_id OR (u.role = 'admin' AND line.account_manager_id IS NULL))
   ORDER BY u.id LIMIT 1;
  IF recipient.id IS NULL THEN
    SELECT u.id, u.name, u.email INTO recipient FROM users u WHERE u.active AND u.role = 'admin' ORDER BY u.id LIMIT 1;
  END IF;
  IF recipient.id IS NULL THEN RETURN NULL; END IF;
  message := format('%s: %s reached %s%% of its prepaid block (%s %s delivered of %s)', line.number, line.description,
                    trim_scale(line.percent), round(delivered / per_unit, 2), line.unit || 's', trim_scale(line.quantity));
  INSERT INTO notifications (user_id, kind, sale_order_id, sale_order_line_id, generation, message)
  VALUES (recipient.id, 'prepaid_threshold', line.order_id, line.id, line.alert_generation, message)
  ON CONFLICT (sale_order_line_id, generation) DO NOTHING
  RETURNING id INTO alert_id;
  IF alert_id IS NULL THEN RETURN NULL; END IF;
  INSERT INTO outbox (kind, payload, max_attempts)
  VALUES ('mail', jsonb_build_object(
    'to', jsonb_build_object('name', recipient.name, 'email', recipient.email),
    'subject', 'Prepaid block: ' || line.number || ' ' || line.description,
    'body', message || E'.\n\nThe customer may need a new block (upsell).',
    'messageId', '<prepaid-alert-' || alert_id || '-' || gen_random_uuid() || '@deskbill.invalid>'), 8);
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_sums_prepaid_threshold_insert AFTER INSERT ON timesheet_sums
  FOR EACH ROW WHEN (NEW.delivered_minutes > 0) EXECUTE FUNCTION prepaid_threshold_check();
CREATE TRIGGER timesheet_sums_prepaid_threshold_update AFTER UPDATE OF delivered_minutes ON timesheet_sums
  FOR EACH ROW WHEN (NEW.delivered_minutes > OLD.delivered_minutes) EXECUTE FUNCTION prepaid_threshold_check();

-- R73: the default line of a new ticket looks for the customer's prepaid lines of confirmed orders.
CREATE INDEX sale_order_lines_prepaid_idx ON sale_order_lines (order_id) WHERE invoicing_policy = 'prepaid';

-- R75's guard: an overage line of an invoice never bills more than the time delivered beyond the
-- block less the overage already invoiced (net of posted credit notes), whatever the code does. The
-- invoice run holds the order's row lock, so two runs do not pass this check together.
CREATE FUNCTION invoice_lines_overage_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line record;
  delivered bigint;
  per_unit numeric;
  billed numeric;
BEGIN
  SELECT l.quantity, l.unit INTO line FROM sale_order_lines l WHERE l.id = NEW.sale_order_line_id;
  IF NOT FOUND OR line.unit NOT IN ('hour', 'day') THEN
    RAISE EXCEPTION 'an overage line bills time of a prepaid line' USING ERRCODE = 'P0001', HINT = 'OVERAGE_NOT_ALLOWED';
  END IF;
  SELECT coalesce(sum(delivered_minutes), 0) INTO delivered FROM timesheet_sums WHERE sale_order_line_id = NEW.sale_order_line_id;
  per_unit := CASE line.unit WHEN 'hour' THEN 60 ELSE (SELECT minutes_per_day FROM company_settings WHERE id = 1) END;
  SELECT coalesce(sum(CASE WHEN fi.kind = 'invoice' THEN fl.quantity WHEN fi.state = 'posted' THEN -fl.quantity ELSE 0 END), 0)
    INTO billed
    FROM invoice_lines fl JOIN invoices fi ON fi.id = fl.invoice_id
   WHERE fl.sale_order_line_id = NEW.sale_order_line_id AND fl.overage;
  IF NEW.quantity > greatest(round(delivered / per_unit, 2) - line.quantity, 0) - billed THEN
    RAISE EXCEPTION 'overage beyond the time delivered past the block' USING ERRCODE = 'P0001', HINT = 'OVERAGE_NOT_ALLOWED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_lines_overage_guard BEFORE INSERT ON invoice_lines
  FOR EACH ROW WHEN (NEW.overage AND NEW.origin_line_id IS NULL) EXECUTE FUNCTION invoice_lines_overage_guard();
