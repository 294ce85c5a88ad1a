-- Issue 9 (scale curves): two reads keep to the cost of the page they show as the data grows.

-- The ticket list filtered by team and customer walks, for the customer and each of its contacts,
-- that team's tickets of that customer newest first (service-billing/ticket-read.ts), instead of
-- every ticket of the team until a page is found.
CREATE INDEX tickets_team_customer_idx ON tickets (team_id, customer_id, id);

-- A ticket's logged and billable minutes (the ticket, each row of the ticket list) are summed from
-- the index alone: an index-only scan reads a few pages where the heap needed one per entry. Same
-- key as before, so a ticket's entries page (date, id) still walks it.
DROP INDEX timesheets_ticket_idx;
CREATE INDEX timesheets_ticket_idx ON timesheets (ticket_id, date, id) INCLUDE (minutes, billable);
