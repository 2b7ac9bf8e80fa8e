-- The policy view, the agent's screen and the monthly report find a task's attempts by task id.
CREATE INDEX attempt_tasks ON attempt USING gin (task_ids);
