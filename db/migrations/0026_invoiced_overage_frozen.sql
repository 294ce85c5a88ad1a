-- R75 (issue 13's review): the time behind an invoiced overage stays. The overage of a prepaid
-- block is billed from its entries' billed minutes, but no claim holds those entries (R13: a
-- prepaid line's entries are never claimed), so moving, shortening, deleting or rebilling them, or
-- raising the block's quantity, could take the time beyond the block below the overage already
-- invoiced: those hours would then be billed twice (as overage, and again on another line). Such a
-- change is refused (409 OVERAGE_INVOICED) until the overage is credited or its draft deleted.

-- What is left to bill as overage on a prepaid line: max(0, delivered − ordered) − overage invoiced
-- (invoices that exist, less posted credit notes), in the line's unit; NULL for a line not sold by
-- the hour or day. Negative means more overage was invoiced than the time beyond the block.
CREATE FUNCTION prepaid_overage_left(line_id bigint) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
  line record;
  delivered bigint;
  per_unit numeric;
  billed numeric;
BEGIN
  SELECT l.quantity, l.unit INTO line FROM sale_order_lines l WHERE l.id = line_id AND l.unit IN ('hour', 'day');
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT coalesce(sum(delivered_minutes), 0) INTO delivered FROM timesheet_sums WHERE sale_order_line_id = line_id;
  per_unit := CASE line.unit WHEN 'hour' THEN 60 ELSE (SELECT minutes_per_day FROM company_settings WHERE id = 1) END;
  SELECT coalesce(sum(CASE WHEN fi.kind = 'invoice' THEN fl.quantity WHEN fi.state = 'posted' THEN -fl.quantity ELSE 0 END), 0)
    INTO billed
    FROM invoice_lines fl JOIN invoices fi ON fi.id = fl.invoice_id
   WHERE fl.sale_order_line_id = line_id AND fl.overage;
  RETURN greatest(round(delivered / per_unit, 2) - line.quantity, 0) - billed;
END $$;

-- The invoice's guard (0020) now reads through that function, after taking the line's row lock:
-- a change that lowers the time beyond the block takes the same lock (below), so the two never
-- pass their checks on each other's stale figures.
CREATE OR REPLACE FUNCTION invoice_lines_overage_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  left_to_bill numeric;
BEGIN
  PERFORM 1 FROM sale_order_lines WHERE id = NEW.sale_order_line_id FOR NO KEY UPDATE;
  left_to_bill := prepaid_overage_left(NEW.sale_order_line_id);
  IF left_to_bill IS NULL THEN
    RAISE EXCEPTION 'an overage line bills time of a prepaid line' USING ERRCODE = 'P0001', HINT = 'OVERAGE_NOT_ALLOWED';
  END IF;
  IF NEW.quantity > left_to_bill THEN
    RAISE EXCEPTION 'overage beyond the time delivered past the block' USING ERRCODE = 'P0001', HINT = 'OVERAGE_NOT_ALLOWED';
  END IF;
  RETURN NEW;
END $$;

-- After the time delivered on a (ticket, line) went down, or a block's quantity went up: refused
-- when the line's invoiced overage is then more than the time beyond its block.
CREATE FUNCTION prepaid_overage_frozen(line_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM sale_order_lines WHERE id = line_id AND invoicing_policy = 'prepaid' AND bill_overage;
  IF NOT FOUND THEN RETURN; END IF;
  PERFORM 1 FROM sale_order_lines WHERE id = line_id FOR NO KEY UPDATE;
  IF prepaid_overage_left(line_id) < 0 THEN
    RAISE EXCEPTION 'This time is billed as overage of its prepaid block: it can no longer move, shrink or be rebilled, nor the block grow; credit the invoice (or delete its draft) first, or sell a new block'
      USING ERRCODE = 'P0001', HINT = 'OVERAGE_INVOICED';
  END IF;
END $$;

CREATE FUNCTION timesheet_sums_overage_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM prepaid_overage_frozen(NEW.sale_order_line_id);
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_sums_overage_frozen AFTER UPDATE OF delivered_minutes ON timesheet_sums
  FOR EACH ROW WHEN (NEW.delivered_minutes < OLD.delivered_minutes) EXECUTE FUNCTION timesheet_sums_overage_frozen();

CREATE FUNCTION sale_order_lines_overage_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM prepaid_overage_frozen(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER sale_order_lines_overage_frozen AFTER UPDATE OF quantity ON sale_order_lines
  FOR EACH ROW WHEN (NEW.quantity > OLD.quantity AND NEW.invoicing_policy = 'prepaid' AND NEW.bill_overage)
  EXECUTE FUNCTION sale_order_lines_overage_frozen();
