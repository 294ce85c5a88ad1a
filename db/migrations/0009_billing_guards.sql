-- Issue 10: the guards that still lived only in code move into the database, so that no writer
-- (another tool, a script, a bug) can break them. The code keeps its own checks for their clear
-- answers; these are the backstop.

-- R41/R44: an entry is billed at most once net of credit notes. A second live claim is refused by
-- the primary key of timesheet_claims. A claim of a POSTED invoice line may only go when a posted
-- credit note credits that line for that entry: checked at commit (the credit note is posted and
-- its claims released in one transaction, in either order). A draft's claims go with the draft (a
-- posted invoice's lines cannot be deleted, R43, so a claim whose line is gone was a draft's).
CREATE FUNCTION refuse_claim_release_without_credit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.invoice_line_id = OLD.invoice_line_id AND NEW.timesheet_id = OLD.timesheet_id THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
              WHERE l.id = OLD.invoice_line_id AND i.state = 'posted')
     AND NOT EXISTS (SELECT 1 FROM invoice_lines cl
                       JOIN invoices ci ON ci.id = cl.invoice_id
                       JOIN invoice_line_entries ce ON ce.invoice_line_id = cl.id
                      WHERE cl.origin_line_id = OLD.invoice_line_id AND ci.kind = 'credit_note' AND ci.state = 'posted'
                        AND ce.timesheet_id = OLD.timesheet_id) THEN
    RAISE EXCEPTION 'timesheet % is billed by a posted invoice; only a posted credit note releases it', OLD.timesheet_id
      USING ERRCODE = 'P0001', HINT = 'TIMESHEET_INVOICED';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER timesheet_claims_released_by_credit AFTER DELETE OR UPDATE ON timesheet_claims
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_claim_release_without_credit();

-- R4: one currency per installation, fixed once an invoice exists. R5: one length of day for a
-- line's whole life, fixed once a line sold in days carries time or invoices.
CREATE FUNCTION refuse_fixed_company_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.currency <> OLD.currency AND EXISTS (SELECT 1 FROM invoices) THEN
    RAISE EXCEPTION 'Invoices exist in %; the currency can no longer change', OLD.currency
      USING ERRCODE = 'P0001', HINT = 'CONFLICT';
  END IF;
  IF NEW.minutes_per_day <> OLD.minutes_per_day AND EXISTS (
       SELECT 1 FROM sale_order_lines l WHERE l.unit = 'day'
          AND (EXISTS (SELECT 1 FROM timesheets t WHERE t.sale_order_line_id = l.id)
               OR EXISTS (SELECT 1 FROM invoice_lines i WHERE i.sale_order_line_id = l.id))) THEN
    RAISE EXCEPTION 'Lines sold in days already carry time; the length of a day can no longer change'
      USING ERRCODE = 'P0001', HINT = 'CONFLICT';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER company_settings_fixed_by_billing BEFORE UPDATE OF currency, minutes_per_day ON company_settings
  FOR EACH ROW EXECUTE FUNCTION refuse_fixed_company_settings();
