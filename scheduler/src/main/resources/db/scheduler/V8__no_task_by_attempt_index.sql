-- Every lease and every outcome writes a task's attempt_id, so this index took an entry on each of
-- them; its one reader, loading an attempt's tasks, now finds them through attempt.task_ids.
DROP INDEX task_attempt;
