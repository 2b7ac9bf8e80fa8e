-- A pending task whose next call is not due yet (the next pass, an appointment) waits outside the
-- hand-out's index. The hand-out reads task_due in priority order and keeps only the due rows, so
-- with every waiting task in it each hand-out read past all the tasks already called whose
-- deadline is earlier: a cost that grew with every call of the campaign. `ready` is not a state
-- (it writes no history): writers set it from the due time they write, and the hand-out makes
-- waiting tasks ready once their time has come. The hand-out still checks the due time itself.
ALTER TABLE task ADD COLUMN ready boolean NOT NULL DEFAULT true;
UPDATE task SET ready = false WHERE state = 'PENDING' AND next_due_at > now();

DROP INDEX task_due;
CREATE INDEX task_due ON task (campaign_id, rank, deadline, next_due_at)
  WHERE state = 'PENDING' AND ready;
CREATE INDEX task_waiting ON task (campaign_id, next_due_at) WHERE state = 'PENDING' AND NOT ready;
