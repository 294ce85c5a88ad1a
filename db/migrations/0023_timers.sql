-- Issue 13, R79, decision 0039: a timer on a ticket lives in the database, so a page reload or a
-- server restart changes nothing: its time is computed from these timestamps and now() at the
-- server. `accumulated_seconds` holds the runs already finished (paused or stopped); `started_at`
-- the start of the run going on, set only while running. A stopped timer is the draft of an entry
-- waiting for the agent to confirm or discard it. Timers are not billing facts (the entry a timer
-- becomes is, and is audited as every entry is): no audit trigger.
CREATE TABLE timers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  state text NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
  started_at timestamptz,
  accumulated_seconds integer NOT NULL DEFAULT 0 CHECK (accumulated_seconds >= 0),
  first_started_at timestamptz NOT NULL DEFAULT now(),
  stopped_at timestamptz,
  CONSTRAINT timers_running_has_start CHECK ((state = 'running') = (started_at IS NOT NULL)),
  CONSTRAINT timers_stopped_has_stop CHECK ((state = 'stopped') = (stopped_at IS NOT NULL))
);

-- R79: one timer per agent, whatever its state: a paused timer is still the agent's one timer,
-- and a stopped one (a draft) is confirmed or discarded before another starts (decision 0039).
CREATE UNIQUE INDEX timers_one_per_user ON timers (user_id);
CREATE INDEX timers_ticket_idx ON timers (ticket_id);
