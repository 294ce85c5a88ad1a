-- Issue 13: R77's work type multiplier feeds R78's billed minutes, and the entry guards of
-- migrations 0021 (work types) and 0022 (billed minutes), written side by side, become one: each
-- replaced the same functions and trigger, so the later one alone would have forgotten the other's
-- columns.

-- R77/R78: an entry bills at its work type's multiplier, copied when it is logged or takes another
-- work type (1 without one). A BEFORE trigger named to run before `timesheets_billed_minutes_*`
-- (BEFORE triggers run in name order), so the billed minutes are computed with the new multiplier.
-- A later change of a work type's multiplier applies to the entries that take it from then on: an
-- entry keeps the multiplier it was logged with, as an invoice line keeps its price (decision 0037).
CREATE FUNCTION timesheets_work_type_multiplier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.billed_multiplier := coalesce((SELECT w.multiplier FROM work_types w WHERE w.id = NEW.work_type_id), 1);
  RETURN NEW;
END $$;
CREATE TRIGGER timesheets_apply_work_type_multiplier_insert BEFORE INSERT ON timesheets
  FOR EACH ROW EXECUTE FUNCTION timesheets_work_type_multiplier();
CREATE TRIGGER timesheets_apply_work_type_multiplier_update BEFORE UPDATE OF work_type_id ON timesheets FOR EACH ROW
  WHEN (NEW.work_type_id IS DISTINCT FROM OLD.work_type_id)
  EXECUTE FUNCTION timesheets_work_type_multiplier();

-- Entries logged before this migration bill at their work type's multiplier too, unless invoiced.
UPDATE timesheets t SET billed_multiplier = w.multiplier
  FROM work_types w
 WHERE w.id = t.work_type_id AND t.billed_multiplier <> w.multiplier
   AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id);

-- Audit: the work type (0021) and the billed minutes and multiplier (0022) of an entry.
CREATE OR REPLACE FUNCTION timesheets_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'timesheet', n.id, audit_action(d.after), d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n),
      ARRAY['ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned', 'work_type_id', 'billed_minutes', 'billed_multiplier']) d
   WHERE (o.ticket_id, o.user_id, o.date, o.minutes, o.billable, o.sale_order_line_id, o.pinned, o.work_type_id, o.billed_minutes, o.billed_multiplier)
         IS DISTINCT FROM (n.ticket_id, n.user_id, n.date, n.minutes, n.billable, n.sale_order_line_id, n.pinned, n.work_type_id, n.billed_minutes, n.billed_multiplier);
  RETURN NULL;
END $$;

-- R15 + R77 + R78: an invoiced entry keeps its work type, billed minutes and multiplier with the
-- rest of what it bills.
CREATE OR REPLACE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id
     AND NEW.work_type_id IS NOT DISTINCT FROM OLD.work_type_id
     AND NEW.billed_minutes = OLD.billed_minutes AND NEW.billed_multiplier = OLD.billed_multiplier THEN
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
        OR NEW.work_type_id IS DISTINCT FROM OLD.work_type_id
        OR NEW.billed_minutes <> OLD.billed_minutes OR NEW.billed_multiplier <> OLD.billed_multiplier)
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
