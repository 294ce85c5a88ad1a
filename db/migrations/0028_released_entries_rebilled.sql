-- R78 (issue 13's review, decision 0042): an entry that a claim stops holding bills by its line's
-- increments as they are now. A line's increments change rebills only the entries no invoice
-- claims (decision 0038); an entry claimed at that moment kept what its draft bills. When the
-- claim goes — its draft deleted, the draft's line deleted (R42), or a posted credit note
-- releasing it (R44) — the entry is un-invoiced again, and billed by the old increments it would
-- be invoiced again by terms the line no longer has (7 minutes where a new 7-minute entry bills
-- 15). These triggers recompute its billed minutes in the statement that releases it, whatever the
-- path (a use case, a cascade, SQL by hand).

-- First (AFTER triggers run in name order: before `timesheet_sums_release`, which takes the rows
-- of timesheet_sums): the released entries' lines, KEY SHARE, in id order. A change of a line's
-- increments holds FOR UPDATE on the line from its start, then rebills, which takes those sums
-- rows: waiting for the line before holding them means the two take turns instead of deadlocking.
-- Whichever comes second sees the other's work (a rebill statement sees the claims gone; the
-- release reads the increments committed).
CREATE FUNCTION timesheet_claims_release_lock_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM sale_order_lines l
   WHERE l.id IN (SELECT t.sale_order_line_id FROM old_claims c JOIN timesheets t ON t.id = c.timesheet_id)
   ORDER BY l.id FOR KEY SHARE;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_claims_release_lock_lines AFTER DELETE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_claims_release_lock_lines();

-- Then (after `timesheet_sums_release` has put the entries back into "to invoice" with what they
-- billed): each released entry no claim holds any more is billed again by its line's increments
-- and its own multiplier (a work type's multiplier stays the one it was logged with, decision
-- 0037). Only the entries whose billed minutes change are written: each gets its audit row, and the
-- kept sums follow, from the entries' own triggers.
CREATE FUNCTION timesheets_rebill_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE timesheets t
     SET billed_minutes = billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
    FROM old_claims c, sale_order_lines l
   WHERE t.id = c.timesheet_id AND l.id = t.sale_order_line_id
     AND t.billed_minutes <> billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
     AND NOT EXISTS (SELECT 1 FROM timesheet_claims x WHERE x.timesheet_id = t.id);
  RETURN NULL;
END $$;
CREATE TRIGGER timesheets_rebill_released AFTER DELETE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheets_rebill_released();

-- Entries released before this migration (by a deleted draft or a credit note after their line's
-- increments changed) bill by the line's increments now. Only lines invoiced on time sheets: a
-- prepaid line's entries are never claimed (R13), so a change of its increments already rebilled
-- them all.
UPDATE timesheets t
   SET billed_minutes = billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
  FROM sale_order_lines l
 WHERE l.id = t.sale_order_line_id AND l.invoicing_policy = 'timesheets'
   AND t.billed_minutes <> billed_entry_minutes(t.minutes, l.billing_step_minutes, l.billing_minimum_minutes, t.billed_multiplier)
   AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = t.id);
