-- Issue 13's review, R76/R77 and R75.
--
-- R76/R77: a route sends time only to a line billed on time. A route is checked against its line's
-- invoicing policy when it is made, and changing a routed line's product to a manual one is refused
-- (409 LINE_HAS_ROUTES); should a route still name a manual line (made before that refusal, or
-- behind the application's back), the routing ignores it: the entry takes the next route that
-- applies, else the ticket's line, rather than a line where time is never billed. Same function
-- as migration 0021 otherwise (VOLATILE on purpose, decision 0037).
CREATE OR REPLACE FUNCTION sale_line_route(ticket_line bigint, agent bigint, work_type bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT coalesce((
    SELECT r.sale_order_line_id
      FROM sale_order_lines l
      JOIN sale_order_routes r ON r.order_id = l.order_id
      JOIN sale_order_lines target ON target.id = r.sale_order_line_id
     WHERE l.id = ticket_line AND (r.work_type_id = work_type OR r.user_id = agent)
       AND target.invoicing_policy IN ('timesheets', 'prepaid')
     ORDER BY r.work_type_id IS NULL
     LIMIT 1), ticket_line)
$$;

-- R75, decision 0006: a line bills overage only while it is a prepaid block. A line whose product
-- changed from a prepaid block with the flag to another policy kept the flag (it had no effect:
-- overage is read on prepaid lines only); it is cleared, and the database now refuses it.
UPDATE sale_order_lines SET bill_overage = false WHERE bill_overage AND invoicing_policy <> 'prepaid';
ALTER TABLE sale_order_lines ADD CONSTRAINT sale_order_lines_overage_is_prepaid CHECK (NOT bill_overage OR invoicing_policy = 'prepaid');
