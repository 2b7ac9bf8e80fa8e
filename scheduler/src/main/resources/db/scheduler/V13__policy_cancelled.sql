-- A policy withdrawn or surrendered (撤单/退保) before its callback is not called, and the monthly
-- report takes it out of the callbacks due (domain.md: 回访前撤、退保量). The insurer's import
-- says when; the task is CANCELLED at once, or when its call in flight ends.
ALTER TABLE task ADD COLUMN cancelled_at timestamptz;
