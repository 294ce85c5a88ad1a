-- R77/R78, speed (issue 13). Logging time cost PostgreSQL about 60 % more CPU after migrations
-- 0020–0024 (quick bench, backends' CPU per POST: 1.66 ms before, 2.7 ms after). Two causes here:
-- - The billed-minutes trigger of 0022 share-locked the entry's line (FOR SHARE) so that a change
--   of the line's increments waits for the entries being logged; beside the foreign key's KEY SHARE
--   that made a second lock mode, a multixact per busy line. KEY SHARE is the lock the foreign key
--   check takes anyway; a change of increments now takes FOR UPDATE on the line
--   (`lockEntriesToRebill`), which conflicts with it just as well.
-- - The work type's multiplier (0024) was a trigger of its own; it is now the first step of the
--   billed-minutes trigger, and reads work_types only for an entry that has a work type.
CREATE OR REPLACE FUNCTION timesheets_billed_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.work_type_id IS DISTINCT FROM OLD.work_type_id THEN
    NEW.billed_multiplier := 1;
    IF NEW.work_type_id IS NOT NULL THEN
      SELECT w.multiplier INTO NEW.billed_multiplier FROM work_types w WHERE w.id = NEW.work_type_id;
    END IF;
  END IF;
  SELECT billed_entry_minutes(NEW.minutes, l.billing_step_minutes, l.billing_minimum_minutes, NEW.billed_multiplier)
    INTO NEW.billed_minutes FROM sale_order_lines l WHERE l.id = NEW.sale_order_line_id FOR KEY SHARE;
  IF NOT FOUND THEN
    NEW.billed_minutes := billed_entry_minutes(NEW.minutes, NULL, NULL, NEW.billed_multiplier);
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER timesheets_apply_work_type_multiplier_insert ON timesheets;
DROP TRIGGER timesheets_apply_work_type_multiplier_update ON timesheets;
DROP FUNCTION timesheets_work_type_multiplier();
DROP TRIGGER timesheets_billed_minutes_update ON timesheets;
CREATE TRIGGER timesheets_billed_minutes_update BEFORE UPDATE ON timesheets FOR EACH ROW
  WHEN (NEW.minutes <> OLD.minutes OR NEW.sale_order_line_id IS DISTINCT FROM OLD.sale_order_line_id
        OR NEW.billed_multiplier <> OLD.billed_multiplier OR NEW.work_type_id IS DISTINCT FROM OLD.work_type_id)
  EXECUTE FUNCTION timesheets_billed_minutes();
