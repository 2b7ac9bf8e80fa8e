-- Concurrent hand-outs all read the front of task_due: each steps over the rows the others have
-- locked and over the entries of rows leased a moment ago, which cannot be marked dead while the
-- other hand-outs' snapshots are open. At sixteen leasers a 50-task hand-out read about 2,750
-- entries to take its 50. A hand-out that finds another one on the front takes the best of one
-- slice of the pool instead (AttemptStore), read from this index; the slices are disjoint, so
-- sixteen hand-outs at once no longer read over each other's rows.
ALTER TABLE task ADD COLUMN slice smallint NOT NULL GENERATED ALWAYS AS ((id % 16)::smallint) STORED;
CREATE INDEX task_due_slice ON task (campaign_id, slice, rank, deadline, next_due_at)
  WHERE state = 'PENDING' AND ready;
