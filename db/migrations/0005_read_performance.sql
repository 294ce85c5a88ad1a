-- Issue 9: the reads that must stay fast at 200,000 entries.

-- The timesheets list is ordered by (date DESC, id DESC): with (date) alone, its first page read
-- and sorted a whole day of entries; with (date, id) it reads the page. It serves the date ranges
-- the (date) index served.
CREATE INDEX timesheets_date_id_idx ON timesheets (date, id);
DROP INDEX timesheets_date_idx;

-- The minutes still to invoice (R13 "to invoice": billable, on a line, no live claim) per ticket
-- and line, kept by the triggers below in the transaction that changes an entry or a claim, so the
-- helpdesk dashboard sums a row per ticket and line instead of every entry ever logged. Owned by
-- timesheets; only these triggers write it. test/invariants.ts checks it against the entries
-- after every database test.
CREATE TABLE timesheet_to_invoice (
  ticket_id bigint NOT NULL,
  sale_order_line_id bigint NOT NULL,
  minutes bigint NOT NULL,
  PRIMARY KEY (ticket_id, sale_order_line_id)
);

-- Each trigger adds the (ticket, line, minutes) deltas of its statement, in key order so that
-- concurrent statements lock the rows in the same order. The statement is built as text because
-- a transition table is visible only to the trigger's own function, not to one it would call.
-- Entries inserted, changed or deleted: what they counted before leaves, what they count now
-- comes in. An entry counts when billable, on a line and not claimed (a claim does not change
-- within a statement on timesheets; R15 keeps a claimed entry's counted fields as they are).
CREATE FUNCTION timesheet_to_invoice_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted constant text := 'billable AND sale_order_line_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = %1$s.id)';
  parts text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    parts := parts || format('SELECT ticket_id, sale_order_line_id, -minutes::bigint AS minutes FROM old_entries o WHERE ' || counted, 'o');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    parts := parts || format('SELECT ticket_id, sale_order_line_id, minutes::bigint AS minutes FROM new_entries n WHERE ' || counted, 'n');
  END IF;
  EXECUTE format($q$
    INSERT INTO timesheet_to_invoice AS s (ticket_id, sale_order_line_id, minutes)
    SELECT ticket_id, sale_order_line_id, sum(minutes) FROM (%s) d
     GROUP BY ticket_id, sale_order_line_id HAVING sum(minutes) <> 0
     ORDER BY ticket_id, sale_order_line_id
    ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE SET minutes = s.minutes + EXCLUDED.minutes$q$, array_to_string(parts, ' UNION ALL '));
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_to_invoice_insert AFTER INSERT ON timesheets
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_entries();
CREATE TRIGGER timesheet_to_invoice_update AFTER UPDATE ON timesheets
  REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_entries();
CREATE TRIGGER timesheet_to_invoice_delete AFTER DELETE ON timesheets
  REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_entries();

-- Claims made (an invoice bills the entries: they leave) or released (a draft deleted, a credit
-- note posted: they come back), read with the entries as they are.
CREATE FUNCTION timesheet_to_invoice_claims() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entries constant text := 'SELECT e.ticket_id, e.sale_order_line_id, %2$s e.minutes::bigint AS minutes FROM %1$s c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL';
  parts text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    parts := parts || format(entries, 'old_claims', '');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    parts := parts || format(entries, 'new_claims', '-');
  END IF;
  EXECUTE format($q$
    INSERT INTO timesheet_to_invoice AS s (ticket_id, sale_order_line_id, minutes)
    SELECT ticket_id, sale_order_line_id, sum(minutes) FROM (%s) d
     GROUP BY ticket_id, sale_order_line_id HAVING sum(minutes) <> 0
     ORDER BY ticket_id, sale_order_line_id
    ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE SET minutes = s.minutes + EXCLUDED.minutes$q$, array_to_string(parts, ' UNION ALL '));
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_to_invoice_claim AFTER INSERT ON timesheet_claims
  REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_claims();
CREATE TRIGGER timesheet_to_invoice_claim_update AFTER UPDATE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_claims();
CREATE TRIGGER timesheet_to_invoice_release AFTER DELETE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_to_invoice_claims();

-- The entries already there.
INSERT INTO timesheet_to_invoice (ticket_id, sale_order_line_id, minutes)
SELECT e.ticket_id, e.sale_order_line_id, sum(e.minutes)
  FROM timesheets e
 WHERE e.billable AND e.sale_order_line_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)
 GROUP BY e.ticket_id, e.sale_order_line_id;
