-- Issue 12 point 7, R67, decision 0031: a team may name the stage a ticket moves to when time is
-- first logged on it while it waits in the team's first stage (typically "In progress"). NULL:
-- tickets stay where they are. The stage must be one of the team's own: a composite foreign key
-- on (stage, team) refuses another team's stage whatever the code lets through.
ALTER TABLE stages ADD CONSTRAINT stages_id_team_key UNIQUE (id, team_id);
ALTER TABLE teams ADD COLUMN stage_on_time_logged bigint;
ALTER TABLE teams ADD CONSTRAINT teams_stage_on_time_logged_fkey
  FOREIGN KEY (stage_on_time_logged, id) REFERENCES stages (id, team_id);
