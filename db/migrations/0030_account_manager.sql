-- R80 (decision 0044): the account manager of a sales order is set and changed through the API, is
-- on the order's audit trail, and an upsell alert (R74) whose manager cannot take it goes to every
-- active admin.

-- The order's audit rows name its account manager: on creation, and each change (before → after).
DROP TRIGGER sale_orders_audit_insert ON sale_orders;
CREATE TRIGGER sale_orders_audit_insert AFTER INSERT ON sale_orders FOR EACH ROW EXECUTE FUNCTION
  audit_insert('sale_order', 'id', 'number', 'customer_id', 'state', 'account_manager_id');
DROP TRIGGER sale_orders_audit_delete ON sale_orders;
CREATE TRIGGER sale_orders_audit_delete AFTER DELETE ON sale_orders REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION
  audit_delete('sale_order', 'id', 'number', 'customer_id', 'state', 'account_manager_id');
CREATE OR REPLACE FUNCTION sale_orders_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'sale_order', n.id, audit_action(d.after), d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n), ARRAY['number', 'customer_id', 'state', 'account_manager_id']) d
   WHERE (o.number, o.customer_id, o.state, o.account_manager_id) IS DISTINCT FROM (n.number, n.customer_id, n.state, n.account_manager_id);
  RETURN NULL;
END $$;

-- One alert per crossing and recipient: a crossing without a manager who can take it goes to each
-- active admin. The crossing itself is still raised once (the line's row lock and the check on
-- (line, generation) in the function below); the key stops a second alert to one user.
ALTER TABLE notifications DROP CONSTRAINT notifications_sale_order_line_id_generation_key;
ALTER TABLE notifications ADD CONSTRAINT notifications_line_generation_user_key UNIQUE (sale_order_line_id, generation, user_id);

-- R74 with R80's recipients. The check is migration 0020's; only who gets the alert changed: the
-- order's account manager while that user is active and of a role that opens orders (R80:
-- admin, manager, accountant; `managesAccounts` in src/platform/access.ts), else every active
-- admin. Before, an unset or inactive manager's alert went to the first admin only, and a manager
-- whose role changed (to agent, to portal user) got alerts about an order they cannot open.
CREATE OR REPLACE FUNCTION prepaid_threshold_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
  message := format('%s: %s reached %s%% of its prepaid block (%s %s delivered of %s)', line.number, line.description,
                    trim_scale(line.percent), round(delivered / per_unit, 2), line.unit || 's', trim_scale(line.quantity));
  FOR recipient IN
    SELECT u.id, u.name, u.email FROM users u
     WHERE u.active AND u.role IN ('admin', 'manager', 'accountant') AND u.id = line.account_manager_id
    UNION ALL
    SELECT u.id, u.name, u.email FROM users u
     WHERE u.active AND u.role = 'admin'
       AND NOT EXISTS (SELECT 1 FROM users m WHERE m.id = line.account_manager_id AND m.active AND m.role IN ('admin', 'manager', 'accountant'))
     ORDER BY 1
  LOOP
    INSERT INTO notifications (user_id, kind, sale_order_id, sale_order_line_id, generation, message)
    VALUES (recipient.id, 'prepaid_threshold', line.order_id, line.id, line.alert_generation, message)
    ON CONFLICT (sale_order_line_id, generation, user_id) DO NOTHING
    RETURNING id INTO alert_id;
    CONTINUE WHEN alert_id IS NULL;
    INSERT INTO outbox (kind, payload, max_attempts)
    VALUES ('mail', jsonb_build_object(
      'to', jsonb_build_object('name', recipient.name, 'email', recipient.email),
      'subject', 'Prepaid block: ' || line.number || ' ' || line.description,
      'body', message || E'.\n\nThe customer may need a new block (upsell).',
      'messageId', '<prepaid-alert-' || alert_id || '-' || gen_random_uuid() || '@deskbill.invalid>'), 8);
  END LOOP;
  RETURN NULL;
END $$;
