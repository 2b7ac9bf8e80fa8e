-- The lease looks for a leased task's siblings (the same policyholder's other due tasks, handed out
-- as one call) with one index probe per leased task; most holders have one task in a campaign, so
-- the import marks the tasks whose holder has another one and the lease probes only those.
ALTER TABLE task ADD COLUMN holder_shared boolean NOT NULL DEFAULT false;
UPDATE task t SET holder_shared = true
WHERE EXISTS (SELECT 1 FROM task o
              WHERE o.holder_id = t.holder_id AND o.campaign_id = t.campaign_id AND o.id <> t.id);

-- An attempt's tasks are found from the task side through the lease's history rows (task_history
-- by task, cause LEASED): the GIN index on attempt.task_ids was written by every lease, dial mark
-- and outcome, and flushing its pending list stalled whichever statement filled it.
DROP INDEX attempt_tasks;

-- Attempts are rewritten twice after their lease (dial mark, outcome); the open-attempt index is
-- read by every renewal and sweep, so its dead entries are cleared as often as the task table's.
ALTER TABLE attempt SET (autovacuum_vacuum_scale_factor = 0.02,
                         autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1);
