-- The categories of a problem case as the agent gave them, kept with the call's summary: the task's
-- own categories are cleared when the branch returns it, and the monthly report still counts the
-- problem case by category after that.
ALTER TABLE attempt ADD COLUMN summary_categories text[] NOT NULL DEFAULT '{}';
