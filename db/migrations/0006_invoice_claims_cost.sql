-- Issue 9, decision 0021: invoicing 10,000 entries no longer writes each of them.
--
-- An invoice run wrote every entry it claimed (a no-op update), so that a REPEATABLE READ or
-- SERIALIZABLE writer whose snapshot predates the claim, and so cannot see it, failed on the newer
-- row version instead of slipping past the R15 guard. On full pages each such write was a new row
-- version in all five indexes of timesheets: ~550 ms of a 10,000-entry invoice in PostgreSQL.
--
-- Claiming entries already writes the row of timesheet_sums of each ticket and line they are on
-- (their minutes leave "to invoice", migration 0005). The guard of such a writer now share-locks
-- that row of the entry it changes: a row written since its snapshot makes it fail with a
-- serialization error, as the entry's own row did. READ COMMITTED writers (the application) see the
-- claim itself and take no extra lock.
CREATE OR REPLACE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id THEN
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

-- The guard was also called for every no-op write (`SET updated_at = now()` on many rows) only to
-- return at once; the condition now sits on the trigger, evaluated without a call.
DROP TRIGGER timesheets_frozen_when_invoiced ON timesheets;
CREATE TRIGGER timesheets_frozen_when_invoiced BEFORE UPDATE ON timesheets FOR EACH ROW
  WHEN (NEW.minutes <> OLD.minutes OR NEW.date <> OLD.date OR NEW.user_id <> OLD.user_id OR NEW.ticket_id <> OLD.ticket_id
        OR NEW.billable <> OLD.billable OR NEW.sale_order_line_id IS DISTINCT FROM OLD.sale_order_line_id)
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
CREATE TRIGGER timesheets_frozen_when_deleted BEFORE DELETE ON timesheets FOR EACH ROW
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
