-- Issue 13, R78, decision 0038: billing increments per order line, and the billed minutes of each
-- entry. The recorded minutes (`timesheets.minutes`) never change; what an entry bills is derived
-- from them and stored beside them, so that sums, claims and cumulative rounding (R5) stay exact
-- integer arithmetic on one column.

-- A line's increments: each entry is billed at least `billing_minimum_minutes` and rounded up to a
-- multiple of `billing_step_minutes`. NULL (or 1 for the step) means none.
ALTER TABLE sale_order_lines
  ADD COLUMN billing_step_minutes integer CHECK (billing_step_minutes BETWEEN 1 AND 1440),
  ADD COLUMN billing_minimum_minutes integer CHECK (billing_minimum_minutes BETWEEN 1 AND 1440);

-- R78's formula, the one definition the database uses; core/quantity.ts `billedEntryMinutes` is
-- its TypeScript form (rules-sql.test.ts checks that they agree):
--   billed = ceil(stepUp(max(recorded, minimum)) × multiplier)
-- e.g. 7 min, step 15 → 15; 7 min, minimum 30, step 15, × 1.5 → 45.
CREATE FUNCTION billed_entry_minutes(recorded integer, step integer, minimum integer, multiplier numeric)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ceil(ceil(greatest(recorded, coalesce(minimum, 0))::numeric / coalesce(step, 1)) * coalesce(step, 1) * multiplier)::integer
$$;

-- The multiplier of an entry (filled from its work type by the routing of issue 13; 1 otherwise)
-- and its billed minutes. Existing entries bill what they recorded: no line has increments yet
-- and every multiplier is 1, so the kept sums (timesheet_sums) stay right; the backfill bypasses
-- the triggers, which would only audit and re-add zero deltas.
ALTER TABLE timesheets
  ADD COLUMN billed_multiplier numeric(6,3) NOT NULL DEFAULT 1 CHECK (billed_multiplier > 0),
  ADD COLUMN billed_minutes integer;
ALTER TABLE timesheets DISABLE TRIGGER USER;
UPDATE timesheets SET billed_minutes = minutes;
ALTER TABLE timesheets ENABLE TRIGGER USER;
ALTER TABLE timesheets ALTER COLUMN billed_minutes SET NOT NULL,
  ADD CONSTRAINT timesheets_billed_minutes_check CHECK (billed_minutes >= 1);

-- Every write that sets or changes what an entry bills from (its minutes, its line, its
-- multiplier) computes its billed minutes in the same statement: one primary-key read of the line,
-- share-locked so that a concurrent change of the line's increments waits for this entry (and then
-- recomputes it) or this entry for the change (and reads the new increments).
CREATE FUNCTION timesheets_billed_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT billed_entry_minutes(NEW.minutes, l.billing_step_minutes, l.billing_minimum_minutes, NEW.billed_multiplier)
    INTO NEW.billed_minutes FROM sale_order_lines l WHERE l.id = NEW.sale_order_line_id FOR SHARE;
  IF NOT FOUND THEN
    NEW.billed_minutes := billed_entry_minutes(NEW.minutes, NULL, NULL, NEW.billed_multiplier);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER timesheets_billed_minutes_insert BEFORE INSERT ON timesheets
  FOR EACH ROW EXECUTE FUNCTION timesheets_billed_minutes();
CREATE TRIGGER timesheets_billed_minutes_update BEFORE UPDATE ON timesheets FOR EACH ROW
  WHEN (NEW.minutes <> OLD.minutes OR NEW.sale_order_line_id IS DISTINCT FROM OLD.sale_order_line_id
        OR NEW.billed_multiplier <> OLD.billed_multiplier)
  EXECUTE FUNCTION timesheets_billed_minutes();

-- R15 + R78 guard: a claimed entry's billed minutes and multiplier are frozen with the rest of what
-- it bills. (BEFORE triggers run in name order: the billed minutes are computed before this check.)
CREATE OR REPLACE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id
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
        OR NEW.billed_minutes <> OLD.billed_minutes OR NEW.billed_multiplier <> OLD.billed_multiplier)
  EXECUTE FUNCTION refuse_invoiced_timesheet_change();

-- The kept sums (migration 0005) count billed minutes: delivered (R30) and to invoice are billed.
CREATE OR REPLACE FUNCTION timesheet_sums_entries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, billed_minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE billed_minutes::bigint END AS to_invoice
      FROM new_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION timesheet_sums_entries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, -billed_minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE -billed_minutes::bigint END AS to_invoice
      FROM old_entries x WHERE billable AND sale_order_line_id IS NOT NULL
    UNION ALL
    SELECT ticket_id, sale_order_line_id, billed_minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE billed_minutes::bigint END AS to_invoice
      FROM new_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION timesheet_sums_entries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT ticket_id, sale_order_line_id, -billed_minutes::bigint AS delivered,
           CASE WHEN EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = x.id) THEN 0 ELSE -billed_minutes::bigint END AS to_invoice
      FROM old_entries x WHERE billable AND sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION timesheet_sums_claims_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, -e.billed_minutes::bigint AS to_invoice
      FROM new_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION timesheet_sums_claims_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, e.billed_minutes::bigint AS to_invoice
      FROM old_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
    UNION ALL
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, -e.billed_minutes::bigint AS to_invoice
      FROM new_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION timesheet_sums_claims_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timesheet_sums AS s (ticket_id, sale_order_line_id, delivered_minutes, to_invoice_minutes)
  SELECT ticket_id, sale_order_line_id, sum(delivered), sum(to_invoice) FROM (
    SELECT e.ticket_id, e.sale_order_line_id, 0::bigint AS delivered, e.billed_minutes::bigint AS to_invoice
      FROM old_claims c JOIN timesheets e ON e.id = c.timesheet_id WHERE e.billable AND e.sale_order_line_id IS NOT NULL
  ) d GROUP BY ticket_id, sale_order_line_id HAVING sum(delivered) <> 0 OR sum(to_invoice) <> 0
  ORDER BY ticket_id, sale_order_line_id
  ON CONFLICT (ticket_id, sale_order_line_id) DO UPDATE
    SET delivered_minutes = s.delivered_minutes + EXCLUDED.delivered_minutes,
        to_invoice_minutes = s.to_invoice_minutes + EXCLUDED.to_invoice_minutes;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION rebuild_kept_sums() RETURNS void LANGUAGE sql AS $$
  DELETE FROM timesheet_sums;
  INSERT INTO timesheet_sums (ticket_id, sale_order_line_id, team_id, delivered_minutes, to_invoice_minutes)
  SELECT e.ticket_id, e.sale_order_line_id, min(k.team_id), sum(e.billed_minutes),
         coalesce(sum(e.billed_minutes) FILTER (WHERE NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)), 0)
    FROM timesheets e JOIN tickets k ON k.id = e.ticket_id
   WHERE e.billable AND e.sale_order_line_id IS NOT NULL
   GROUP BY e.ticket_id, e.sale_order_line_id;
  DELETE FROM team_ticket_counts;
  INSERT INTO team_ticket_counts (team_id, open_tickets, unassigned, urgent)
  SELECT t.team_id, count(*), count(*) FILTER (WHERE t.assignee_id IS NULL), count(*) FILTER (WHERE t.priority = 'urgent')
    FROM tickets t JOIN stages s ON s.id = t.stage_id
   WHERE NOT s.closed
   GROUP BY t.team_id;
$$;

-- What a document line billed (R45): `minutes` is now the entry's billed minutes (what the
-- quantity counts), with the recorded minutes and the multiplier beside them. Rows from before
-- this migration recorded what they billed (recorded_minutes NULL = minutes). Billed minutes may
-- pass a day (a multiplier, a step): the cap of R1 is on recorded minutes only.
ALTER TABLE invoice_line_entries
  ADD COLUMN recorded_minutes integer CHECK (recorded_minutes BETWEEN 1 AND 1440),
  ADD COLUMN billed_multiplier numeric(6,3) NOT NULL DEFAULT 1 CHECK (billed_multiplier > 0),
  DROP CONSTRAINT invoice_line_entries_minutes_check,
  ADD CONSTRAINT invoice_line_entries_minutes_check CHECK (minutes >= 1);

-- Audit rows: the increments of a line and the billed minutes of an entry are billing facts.
CREATE OR REPLACE FUNCTION timesheets_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'timesheet', n.id, audit_action(d.after), d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n),
      ARRAY['ticket_id', 'user_id', 'date', 'minutes', 'billable', 'sale_order_line_id', 'pinned', 'billed_minutes', 'billed_multiplier']) d
   WHERE (o.ticket_id, o.user_id, o.date, o.minutes, o.billable, o.sale_order_line_id, o.pinned, o.billed_minutes, o.billed_multiplier)
         IS DISTINCT FROM (n.ticket_id, n.user_id, n.date, n.minutes, n.billable, n.sale_order_line_id, n.pinned, n.billed_minutes, n.billed_multiplier);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION sale_order_lines_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor_id, object_type, object_id, action, before, after)
  SELECT audit_actor(), 'sale_order_line', n.id, audit_action(d.after), d.before, d.after
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL audit_changes(to_jsonb(o), to_jsonb(n),
      ARRAY['order_id', 'product_id', 'description', 'unit', 'invoicing_policy', 'quantity', 'unit_price', 'tax_rate', 'qty_delivered_manual',
            'billing_step_minutes', 'billing_minimum_minutes']) d
   WHERE (o.order_id, o.product_id, o.description, o.unit, o.invoicing_policy, o.quantity, o.unit_price, o.tax_rate, o.qty_delivered_manual,
          o.billing_step_minutes, o.billing_minimum_minutes)
         IS DISTINCT FROM (n.order_id, n.product_id, n.description, n.unit, n.invoicing_policy, n.quantity, n.unit_price, n.tax_rate, n.qty_delivered_manual,
          n.billing_step_minutes, n.billing_minimum_minutes);
  RETURN NULL;
END $$;
