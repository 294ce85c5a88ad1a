-- Issue 9: the reads that must stay fast at 200,000 entries.

-- The timesheets list is ordered by (date DESC, id DESC): with (date) alone, its first page read
-- and sorted a whole day of entries; with (date, id) it reads the page. It serves the date ranges
-- the (date) index served.
CREATE INDEX timesheets_date_id_idx ON timesheets (date, id);
DROP INDEX timesheets_date_idx;

-- The minutes of billable entries per ticket and line: all of them (delivered, R30) and those still
-- to invoice (R13 "to invoice": no live claim), kept by the triggers below in the transaction that
-- changes an entry or a claim. The helpdesk dashboard and the order figures sum a row per ticket
-- and line instead of every entry ever logged. Owned by timesheets; only these triggers write it.
-- test/invariants.ts checks it against the entries after every database test.
CREATE TABLE timesheet_sums (
  ticket_id bigint NOT NULL,
  sale_order_line_id bigint NOT NULL,
  delivered_minutes bigint NOT NULL,
  to_invoice_minutes bigint NOT NULL,
  PRIMARY KEY (ticket_id, sale_order_line_id)
);
CREATE INDEX timesheet_sums_line_idx ON timesheet_sums (sale_order_line_id) INCLUDE (delivered_minutes);

-- Each trigger adds the (ticket, line, delivered, to invoice) deltas of its statement, in key
-- order so that concurrent statements lock the rows in the same order. One function per kind of
-- statement, in static SQL: PL/pgSQL keeps their plans (a statement built as text would be
-- planned at every row logged).

-- Entries inserted, changed or deleted: what they counted before leaves, what they count now comes
-- in. An entry is delivered when billable and on a line, and to invoice when also not claimed (a
-- claim does not change within a statement on timesheets; R15 keeps a claimed entry's counted
-- fields as they are).
CREATE FUNCTION timesheet_sums_entries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE minutes::bigint END AS to_invoice
      FROM new_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE FUNCTION timesheet_sums_entries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, -minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE -minutes::bigint END AS to_invoice
      FROM old_entries x WHERE billable AND sale_order_line_id IS NOT NULL
    UNION ALL
    SELECT ticket_id, sale_order_line_id, minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE minutes::bigint END AS to_invoice
      FROM new_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE FUNCTION timesheet_sums_entries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, -minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE -minutes::bigint END AS to_invoice
      FROM old_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_sums_insert AFTER INSERT ON timesheets
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_entries_inserted();
CREATE TRIGGER timesheet_sums_update AFTER UPDATE ON timesheets
  REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_entries_updated();
CREATE TRIGGER timesheet_sums_delete AFTER DELETE ON timesheets
  REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_entries_deleted();

-- Claims made (an invoice bills the entries: they are no longer to invoice) or released (a draft
-- deleted, a credit note posted: they are again), read with the entries as they are.
CREATE FUNCTION timesheet_sums_claims_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, -e.minutes::bigint AS to_invoice
      FROM new_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE FUNCTION timesheet_sums_claims_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, e.minutes::bigint AS to_invoice
      FROM old_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
    UNION ALL
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, -e.minutes::bigint AS to_invoice
      FROM new_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE FUNCTION timesheet_sums_claims_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, e.minutes::bigint AS to_invoice
      FROM old_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_sums_claim AFTER INSERT ON timesheet_claims
  REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_claims_inserted();
CREATE TRIGGER timesheet_sums_claim_update AFTER UPDATE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_claims_updated();
CREATE TRIGGER timesheet_sums_release AFTER DELETE ON timesheet_claims
  REFERENCING OLD TABLE AS old_claims FOR EACH STATEMENT EXECUTE FUNCTION timesheet_sums_claims_deleted();

-- The entries already there.
INSERT INTO timesheet_sums (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
SELECT e.ticket_id, e.sale_order_line_id, sum(e.minutes),
       coalesce(sum(e.minutes) FILTER (WHERE NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)), 0)
  FROM timesheets e
 WHERE e.billable AND e.sale_order_line_id IS NOT NULL
 GROUP BY e.ticket_id, e.sale_order_line_id;
