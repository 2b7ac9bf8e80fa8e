-- Every lease, dial mark and outcome rewrites task and attempt rows; each index and foreign key on
-- them is paid on every one of those writes. Keep only what a query needs.

-- Concurrent leases all inserted attempts referencing the one campaign row, so every lease took a
-- key-share lock on it (a MultiXact once two overlap), and every history row locked its task again.
-- Attempts are only created by the lease statement from the campaign row it has just read, history
-- rows only beside the task update they record, and campaigns and tasks are never deleted.
ALTER TABLE attempt DROP CONSTRAINT attempt_campaign_id_fkey;
ALTER TABLE task_history DROP CONSTRAINT task_history_task_id_fkey;

-- The third holder of a number finds the other holders' pending tasks through phone_holder and this
-- index (holder first, so it serves a lookup across campaigns and the lease's one-call-per-holder
-- lookup inside one), instead of a GIN index on phones updated by every return to the pool.
DROP INDEX task_pending_phones;
DROP INDEX task_holder;
CREATE INDEX task_holder ON task (holder_id, campaign_id);

-- One index for open attempts: by owner (renewal, restart) and by expiry (the sweep reads it whole;
-- it holds only the attempts in flight).
DROP INDEX attempt_owner;
DROP INDEX attempt_open;
CREATE INDEX attempt_open ON attempt (lease_owner, lease_until) WHERE state IN ('LEASED', 'DIALING');
