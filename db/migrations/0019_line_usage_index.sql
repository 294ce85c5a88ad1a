-- Issue 12 point 4, R71, decision 0031: the order view tells for each line whether time is logged
-- on it (billable or not), so that Delete is offered only when it can succeed. The line index of
-- 0001 covers billable entries only; without this one, a line with no billable time would read the
-- whole timesheets table to find out that no entry points at it.
CREATE INDEX timesheets_any_line_idx ON timesheets (sale_order_line_id) WHERE sale_order_line_id IS NOT NULL;
