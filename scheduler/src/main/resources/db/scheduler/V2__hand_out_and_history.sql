-- What the store needs to hand out, complete and audit attempts on several dialer nodes.

-- rank: 0 for a booked appointment (dialled at its time ahead of tier order), else tier + 1.
-- The hand-out index orders by it, so the hand-out reads the index in order and stops at LIMIT.
ALTER TABLE task
    ADD COLUMN rank              smallint    NOT NULL DEFAULT 5,
    ADD COLUMN pass_starts       timestamptz[] NOT NULL DEFAULT '{}',
    ADD COLUMN attempt_id        uuid,
    ADD COLUMN categories        text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN summary_result    text,
    ADD COLUMN last_outcome      text,
    ADD COLUMN closed_at         timestamptz,
    ADD COLUMN self_insured      boolean     NOT NULL DEFAULT false;

DROP INDEX task_due;
CREATE INDEX task_due ON task (campaign_id, rank, deadline, next_due_at) WHERE state = 'PENDING';
CREATE INDEX task_attempt ON task (attempt_id) WHERE attempt_id IS NOT NULL;
-- the third holder of a number sends the other holders' pending tasks to the branch
CREATE INDEX task_pending_phones ON task USING gin (phones) WHERE state = 'PENDING';

-- Hot rows change state several times a day: keep room on each page for HOT updates and vacuum
-- early, so dead versions never pile up under the hand-out index.
ALTER TABLE task SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                      autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1);

ALTER TABLE attempt DROP CONSTRAINT attempt_state_check;
ALTER TABLE attempt
    ADD CONSTRAINT attempt_state_check
        CHECK (state IN ('LEASED', 'DIALING', 'DONE', 'UNKNOWN', 'RELEASED')),
    ADD COLUMN policy_nos       text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN dial_status      text,
    ADD COLUMN summary_result   text,
    ADD COLUMN summary_reason   text,
    ADD COLUMN summary_at       timestamptz,
    ADD COLUMN summary_note     text,
    ADD COLUMN surrender_warning boolean    NOT NULL DEFAULT false;
CREATE INDEX attempt_campaign ON attempt (campaign_id, created_at);
CREATE INDEX attempt_owner ON attempt (lease_owner) WHERE state IN ('LEASED', 'DIALING');

-- Who uses which number, over every campaign: the duplicate-number rule counts holders here.
CREATE TABLE phone_holder (
    phone     text NOT NULL,
    holder_id text NOT NULL,
    PRIMARY KEY (phone, holder_id)
);

-- Every supervisor action on a campaign: who, what, when (append-only).
CREATE TABLE control_audit (
    id          bigserial   PRIMARY KEY,
    campaign_id bigint      NOT NULL REFERENCES campaign (id),
    action      text        NOT NULL,
    principal   text        NOT NULL,
    role        text        NOT NULL,
    at          timestamptz NOT NULL,
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX control_audit_campaign ON control_audit (campaign_id, at);
