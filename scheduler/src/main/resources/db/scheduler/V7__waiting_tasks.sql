-- A pending task whose next call is not due yet (the next pass, an appointment) waits outside the
-- hand-out's index. The hand-out reads task_due in priority order and keeps only the due rows, so
-- with every waiting task in it each hand-out read past all the tasks already called whose
-- deadline is earlier: a cost that grew with every call of the campaign. `ready` is whether the
-- next call was due when the row was last written (every writer sets updated_at to its own now);
-- the hand-out touches waiting tasks whose time has come, which makes them ready. It is not a state
-- and writes no history, and the hand-out still checks the due time itself.
ALTER TABLE task ADD COLUMN ready boolean NOT NULL
  GENERATED ALWAYS AS (coalesce(next_due_at <= updated_at, true)) STORED;

DROP INDEX task_due;
CREATE INDEX task_due ON task (campaign_id, rank, deadline, next_due_at)
  WHERE state = 'PENDING' AND ready;
CREATE INDEX task_waiting ON task (campaign_id, next_due_at) WHERE state = 'PENDING' AND NOT ready;
