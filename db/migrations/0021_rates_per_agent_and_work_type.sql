-- Issue 13, R76 and R77, decision 0037: rates per agent and per work type.
--
-- Work types (remote, on-site, after-hours) belong to the timesheets module: an entry may carry
-- one. Their multiplier is stored here; what it does to billed quantities is R78's (migration 0022).
CREATE TABLE work_types (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  active boolean NOT NULL DEFAULT true,
  multiplier numeric(6, 3) NOT NULL DEFAULT 1 CHECK (multiplier > 0 AND multiplier <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX work_types_name_key ON work_types (lower(btrim(name)));

ALTER TABLE timesheets ADD COLUMN work_type_id bigint REFERENCES work_types(id);

-- The routes of a sales order (sales module): an agent, or a work type, of that order's tickets
-- bills on one line of the same order. The composite key makes a route to another order's line
-- impossible; a route dies with its line (a line with time cannot be deleted, R34).
CREATE UNIQUE INDEX sale_order_lines_id_order_key ON sale_order_lines (id, order_id);
CREATE TABLE sale_order_routes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES sale_orders(id),
  user_id bigint REFERENCES users(id),
  work_type_id bigint REFERENCES work_types(id),
  sale_order_line_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (sale_order_line_id, order_id) REFERENCES sale_order_lines (id, order_id) ON DELETE CASCADE,
  CONSTRAINT sale_order_routes_one_key CHECK (num_nonnulls(user_id, work_type_id) = 1)
);
CREATE UNIQUE INDEX sale_order_routes_agent_key ON sale_order_routes (order_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX sale_order_routes_work_type_key ON sale_order_routes (order_id, work_type_id) WHERE work_type_id IS NOT NULL;
CREATE INDEX sale_order_routes_line_idx ON sale_order_routes (sale_order_line_id);

-- R76/R77 in SQL, the one form of the rule: the line an unpinned billable entry of this agent and
-- work type takes on a ticket whose line is `ticket_line`: the work type's route on that line's
-- order, else the agent's, else the ticket's line itself (null stays null: no line, no mapping).
-- VOLATILE on purpose: each call reads the routes committed when it runs, so a statement that
-- waited for a ticket lock (logging time) sees a route committed meanwhile, not its own older
-- snapshot (decision 0037).
CREATE FUNCTION sale_line_route(ticket_line bigint, agent bigint, work_type bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT coalesce((
    SELECT r.sale_order_line_id
      FROM sale_order_lines l JOIN sale_order_routes r ON r.order_id = l.order_id
     WHERE l.id = ticket_line AND (r.work_type_id = work_type OR r.user_id = agent)
     ORDER BY r.work_type_id IS NULL
     LIMIT 1), ticket_line)
$$;

-- Audit trail: routes as 'sale_order' events (the order's history), work types as 'work_type'.
CREATE TRIGGER sale_order_routes_audit_insert AFTER INSERT ON sale_order_routes
  FOR EACH ROW EXECUTE FUNCTION audit_insert('sale_order', 'order_id', 'user_id', 'work_type_id', 'sale_order_line_id');
CREATE TRIGGER sale_order_routes_audit_delete AFTER DELETE ON sale_order_routes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_delete('sale_order', 'order_id', 'user_id', 'work_type_id', 'sale_order_line_id');
CREATE FUNCTION sale_order_routes_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'sale_order', n.order_id, 'updated', d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n), ARRAY['user_id', 'work_type_id', 'sale_order_line_id']) d
   WHERE (o.user_id, o.work_type_id, o.sale_order_line_id) IS DISTINCT FROM (n.user_id, n.work_type_id, n.sale_order_line_id);
  RETURN NULL;
END $$;
CREATE TRIGGER sale_order_routes_audit_update AFTER UPDATE ON sale_order_routes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sale_order_routes_audit_update();

CREATE TRIGGER work_types_audit_insert AFTER INSERT ON work_types
  FOR EACH ROW EXECUTE FUNCTION audit_insert('work_type', 'id', 'name', 'active', 'multiplier');
CREATE FUNCTION work_types_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'work_type', n.id, 'updated', d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n), ARRAY['name', 'active', 'multiplier']) d
   WHERE (o.name, o.active, o.multiplier) IS DISTINCT FROM (n.name, n.active, n.multiplier);
  RETURN NULL;
END $$;
CREATE TRIGGER work_types_audit_update AFTER UPDATE ON work_types
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_types_audit_update();

-- An entry's work type is on its audit trail like its other billing fields.
DROP TRIGGER timesheets_audit_insert ON timesheets;
CREATE TRIGGER timesheets_audit_insert AFTER INSERT ON timesheets FOR EACH ROW EXECUTE FUNCTION
  audit_insert('timesheet', 'id', 'ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned', 'work_type_id');
DROP TRIGGER timesheets_audit_delete ON timesheets;
CREATE TRIGGER timesheets_audit_delete AFTER DELETE ON timesheets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION
  audit_delete('timesheet', 'id', 'ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned', 'work_type_id');
CREATE OR REPLACE FUNCTION timesheets_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'timesheet', n.id, audit_action(d.after), d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n),
      ARRAY['ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned', 'work_type_id']) d
   WHERE (o.ticket_id, o.user_id, o.date, o.minutes, o.billable, o.sale_order_line_id, o.pinned, o.work_type_id)
         IS DISTINCT FROM (n.ticket_id, n.user_id, n.date, n.minutes, n.billable, n.sale_order_line_id, n.pinned, n.work_type_id);
  RETURN NULL;
END $$;

-- R15: an invoiced entry keeps its work type too (it will decide its billed multiplier, R78).
CREATE OR REPLACE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id
     AND NEW.work_type_id IS NOT DISTINCT FROM OLD.work_type_id THEN
    RETURN NEW;
  END IF;
  IF OLD.sale_order_line_id IS NOT NULL AND current_setting('transaction_isolation') <> 'read committed' THEN
    PERFORM 1 FROM timesheet_sums WHERE ticket_id = OLD.ticket_id AND sale_order_line_id = OLD.sale_order_line_id FOR SHARE;
  END IF;
  IF EXISTS (SELECT 1 FROM timesheet_claims WHERE timesheet_id = OLD.id) THEN
    RAISE EXCEPTION 'timesheet % is invoiced and cannot be changed', OLD.id
      USING ERRCODE = 'P0001', HINT = 'TIMESHEET_INVOICED';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
DROP TRIGGER timesheets_frozen_when_invoiced ON timesheets;
CREATE TRIGGER timesheets_frozen_when_invoiced BEFORE UPDATE ON timesheets FOR EACH ROW
  WHEN (NEW.minutes <> OLD.minutes OR NEW.date <> OLD.date OR NEW.user_id <> OLD.user_id OR NEW.ticket_id <> OLD.ticket_id
        OR NEW.billable <> OLD.billable OR NEW.sale_order_line_id IS DISTINCT FROM OLD.sale_order_line_id
        OR NEW.work_type_id IS DISTINCT FROM OLD.work_type_id)
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
