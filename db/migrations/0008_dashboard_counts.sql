-- Issue 9: the helpdesk dashboard reads a few rows per team, not every ticket and every
-- (ticket, line) sum: at 10,000 tickets its two passes over them were ~9 ms of a ~10 ms answer.

-- Open tickets per team (not in a closed stage), and of those the unassigned and the urgent ones,
-- kept by the triggers below in the transaction that creates, moves, assigns, reprioritises or
-- deletes a ticket, or closes or reopens a stage. Owned by helpdesk; only these triggers write it.
-- test/invariants.ts compares it with the tickets after every database test.
CREATE TABLE team_ticket_counts (
  team_id bigint PRIMARY KEY,
  open_tickets bigint NOT NULL,
  unassigned bigint NOT NULL,
  urgent bigint NOT NULL
);

-- One open ticket (as it is or was) counted in (delta 1) or out (delta -1) of its team.
CREATE FUNCTION team_ticket_counts_add(team bigint, assignee bigint, ticket_priority text, delta int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO team_ticket_counts AS c (team_id, open_tickets, unassigned, urgent)
  VALUES (team, delta, CASE WHEN assignee IS NULL THEN delta ELSE 0 END, CASE WHEN ticket_priority = 'urgent' THEN delta ELSE 0 END)
  ON CONFLICT (team_id) DO UPDATE
    SET open_tickets = c.open_tickets + EXCLUDED.open_tickets, unassigned = c.unassigned + EXCLUDED.unassigned,
        urgent = c.urgent + EXCLUDED.urgent
$$;

-- A ticket leaves the counts as it was and enters them as it is. Its stage is read under a share
-- lock: a concurrent close or reopen of that stage (which recounts the stage's tickets) waits for
-- this transaction, or this one for it and then reads the stage as it is now.
CREATE FUNCTION team_ticket_counts_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  is_open boolean;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT NOT closed INTO is_open FROM stages WHERE id = OLD.stage_id FOR SHARE;
    IF is_open THEN PERFORM team_ticket_counts_add(OLD.team_id, OLD.assignee_id, OLD.priority, -1); END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT NOT closed INTO is_open FROM stages WHERE id = NEW.stage_id FOR SHARE;
    IF is_open THEN PERFORM team_ticket_counts_add(NEW.team_id, NEW.assignee_id, NEW.priority, 1); END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER team_ticket_counts_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION team_ticket_counts_ticket();
CREATE TRIGGER team_ticket_counts_update AFTER UPDATE OF team_id, stage_id, assignee_id, priority ON tickets FOR EACH ROW
  WHEN (OLD.team_id <> NEW.team_id OR OLD.stage_id <> NEW.stage_id OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
        OR OLD.priority <> NEW.priority)
  EXECUTE FUNCTION team_ticket_counts_ticket();
CREATE TRIGGER team_ticket_counts_delete AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION team_ticket_counts_ticket();

-- A stage closed (its tickets leave the open counts) or reopened (they come back).
CREATE FUNCTION team_ticket_counts_stage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM team_ticket_counts_add(t.team_id, t.assignee_id, t.priority, CASE WHEN NEW.closed THEN -1 ELSE 1 END)
     FROM tickets t WHERE t.stage_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER team_ticket_counts_stage AFTER UPDATE OF closed ON stages FOR EACH ROW
  WHEN (OLD.closed <> NEW.closed) EXECUTE FUNCTION team_ticket_counts_stage();

-- The minutes to invoice per team were summed over every (ticket, line) row of timesheet_sums
-- joined to its ticket. Each row now carries its ticket's team: set when the row is first written
-- (the ticket read under a share lock, so that a concurrent move of the ticket to another team
-- waits for this transaction or this one for it), and rewritten when the ticket changes team.
ALTER TABLE timesheet_sums ADD COLUMN team_id bigint;

CREATE FUNCTION timesheet_sums_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM timesheet_sums WHERE ticket_id = NEW.ticket_id AND sale_order_line_id = NEW.sale_order_line_id) THEN
    -- The insert becomes an update of the row's sums: its team is not written, and needs no lock.
    SELECT team_id INTO NEW.team_id FROM tickets WHERE id = NEW.ticket_id;
  ELSE
    SELECT team_id INTO NEW.team_id FROM tickets WHERE id = NEW.ticket_id FOR SHARE;
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION timesheet_sums_ticket_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE timesheet_sums SET team_id = NEW.team_id WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER timesheet_sums_ticket_team AFTER UPDATE OF team_id ON tickets FOR EACH ROW
  WHEN (OLD.team_id <> NEW.team_id) EXECUTE FUNCTION timesheet_sums_ticket_team();

-- Rebuilds what the triggers keep from the rows themselves: here for the rows already there, and
-- after a load with the triggers off (a restore, the scale bench).
CREATE FUNCTION rebuild_kept_sums() RETURNS void LANGUAGE sql AS $$
  DELETE FROM timesheet_sums;
  INSERT INTO timesheet_sums (ticket_id, sale_order_line_id, team_id, delivered_minutes, to_invoice_minutes)
  SELECT e.ticket_id, e.sale_order_line_id, min(k.team_id), sum(e.minutes),
         coalesce(sum(e.minutes) FILTER (WHERE NOT EXISTS (SELECT 1 FROM timesheet_claims c WHERE c.timesheet_id = e.id)), 0)
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
SELECT rebuild_kept_sums();
ALTER TABLE timesheet_sums ALTER COLUMN team_id SET NOT NULL;
-- After the rebuild, which writes the teams itself.
CREATE TRIGGER timesheet_sums_team BEFORE INSERT ON timesheet_sums FOR EACH ROW EXECUTE FUNCTION timesheet_sums_team();
