-- Tasks whose attempt's fate is unknown wait for reconciliation; the dialer looks for them often.
CREATE INDEX task_unresolved ON task (attempt_id) WHERE state = 'UNRESOLVED';
