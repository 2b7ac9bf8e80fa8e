-- Why the dialer paused an agent (their phone did not answer a call put through to them), shown
-- by the agent API until the agent changes state again. The agent table itself is the scheduler's.
ALTER TABLE agent ADD COLUMN pause_reason text;
