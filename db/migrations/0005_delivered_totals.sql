-- Issue 9, decision 0021. Two costs that grew with the data, removed at their cause.

-- 1. R30 delivered minutes of a line were summed over all its entries at every read of an order
-- (10,000 entries: 1.8 ms of database CPU per read, 100,000: ~18 ms). The database now keeps the
-- sum per line, in the same transaction as every change of an entry, so a read costs a few rows.
-- A line's total is spread over up to 16 slots (the writing backend picks one) so that agents
-- logging time on one line at once do not queue on a single row; a read adds the slots.
CREATE TABLE timesheet_line_totals (
  sale_order_line_id bigint NOT NULL REFERENCES sale_order_lines(id) ON DELETE CASCADE,
  slot smallint NOT NULL,
  minutes bigint NOT NULL,
  PRIMARY KEY (sale_order_line_id, slot)
);

INSERT INTO timesheet_line_totals (sale_order_line_id, slot, minutes)
SELECT sale_order_line_id, 0, sum(minutes) FROM timesheets
 WHERE billable AND sale_order_line_id IS NOT NULL GROUP BY sale_order_line_id;

-- One row logged: a row trigger, called only for a billable entry on a line.
CREATE FUNCTION timesheet_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_line_totals AS t (sale_order_line_id, slot, minutes)
  VALUES (NEW.sale_order_line_id, pg_backend_pid() % 16, NEW.minutes)
  ON CONFLICT (sale_order_line_id, slot) DO UPDATE SET minutes = t.minutes + EXCLUDED.minutes;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheets_totals_insert AFTER INSERT ON timesheets FOR EACH ROW
  WHEN (NEW.billable AND NEW.sale_order_line_id IS NOT NULL) EXECUTE FUNCTION timesheet_totals_insert();

-- Changes and deletions, often of many rows at once (relinking a ticket's entries): one statement
-- trigger nets the old and new rows per line and applies the lines in id order (no deadlock
-- between two such statements).
CREATE FUNCTION timesheet_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO timesheet_line_totals AS t (sale_order_line_id, slot, minutes)
    SELECT line, pg_backend_pid() % 16, sum(m) FROM (
             SELECT sale_order_line_id AS line, minutes AS m FROM new_rows WHERE billable AND sale_order_line_id IS NOT NULL
             UNION ALL
             SELECT sale_order_line_id, -minutes FROM old_rows WHERE billable AND sale_order_line_id IS NOT NULL) c
     GROUP BY line HAVING sum(m) <> 0 ORDER BY line
    ON CONFLICT (sale_order_line_id, slot) DO UPDATE SET minutes = t.minutes + EXCLUDED.minutes;
  ELSE
    INSERT INTO timesheet_line_totals AS t (sale_order_line_id, slot, minutes)
    SELECT sale_order_line_id, pg_backend_pid() % 16, -sum(minutes) FROM old_rows
     WHERE billable AND sale_order_line_id IS NOT NULL GROUP BY sale_order_line_id ORDER BY sale_order_line_id
    ON CONFLICT (sale_order_line_id, slot) DO UPDATE SET minutes = t.minutes + EXCLUDED.minutes;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheets_totals_update AFTER UPDATE ON timesheets
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION timesheet_totals_change();
CREATE TRIGGER timesheets_totals_delete AFTER DELETE ON timesheets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION timesheet_totals_change();

-- 2. Invoicing 10,000 entries wrote each of them once (a no-op update: a REPEATABLE READ or
-- SERIALIZABLE writer whose snapshot predates the claim, and so cannot see it, then fails on the
-- newer row version instead of slipping past the R15 guard). On full pages each such write was a
-- new row version in all five indexes: ~550 ms for 10,000 entries. The invoice run now writes the
-- line's few total rows instead, and the guard of such a writer share-locks them: a total row
-- written since its snapshot makes it fail with a serialization error, as before. READ COMMITTED
-- writers (the application) see the claim itself and take no extra lock.
CREATE OR REPLACE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id THEN
    RETURN NEW;
  END IF;
  IF OLD.sale_order_line_id IS NOT NULL AND current_setting('transaction_isolation') <> 'read committed' THEN
    PERFORM 1 FROM timesheet_line_totals WHERE sale_order_line_id = OLD.sale_order_line_id FOR SHARE;
  END IF;
  IF EXISTS (SELECT 1 FROM timesheet_claims WHERE timesheet_id = OLD.id) THEN
    RAISE EXCEPTION 'timesheet % is invoiced and cannot be changed', OLD.id
      USING ERRCODE = 'P0001', HINT = 'TIMESHEET_INVOICED';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- The guard was also called for every no-op write (e.g. `SET updated_at = now()` on many rows)
-- only to return at once; the condition now sits on the trigger, evaluated without a call.
DROP TRIGGER timesheets_frozen_when_invoiced ON timesheets;
CREATE TRIGGER timesheets_frozen_when_invoiced BEFORE UPDATE ON timesheets FOR EACH ROW
  WHEN (NEW.minutes <> OLD.minutes OR NEW.date <> OLD.date OR NEW.user_id <> OLD.user_id OR NEW.ticket_id <> OLD.ticket_id
        OR NEW.billable <> OLD.billable OR NEW.sale_order_line_id IS DISTINCT FROM OLD.sale_order_line_id)
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
CREATE TRIGGER timesheets_frozen_when_deleted BEFORE DELETE ON timesheets FOR EACH ROW
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();
