-- Scheduler schema, first version: campaigns, visit tasks, attempts, agents, task history.
-- Times are timestamptz (instants); local-calendar rules are evaluated in the campaign's zone.

CREATE TABLE campaign (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('NEW_CONTRACT', 'SATISFACTION', 'SPOT_CHECK', 'RENEWAL')),
    state       text        NOT NULL DEFAULT 'RUNNING' CHECK (state IN ('RUNNING', 'PAUSED', 'STOPPED')),
    timezone    text        NOT NULL DEFAULT 'Asia/Shanghai',
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    version     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint      NOT NULL REFERENCES campaign (id),
    policy_no       text        NOT NULL,
    holder_name     text        NOT NULL,
    holder_id       text        NOT NULL,
    phones          text[]      NOT NULL,
    struck_phones   int[]       NOT NULL DEFAULT '{}',
    case_type       text        NOT NULL CHECK (case_type IN ('NEW', 'VERIFICATION', 'PROBLEM', 'SUB_STANDARD')),
    issued_month    date,
    receipt_at      timestamptz,
    cooling_off_end timestamptz,
    product_type    text        NOT NULL,
    agent_code      text,
    agent_phone     text,
    branch          text,
    timezone        text,
    opt_out         boolean     NOT NULL DEFAULT false,
    state           text        NOT NULL,
    branch_reason   text,
    tier            smallint    NOT NULL,
    deadline        timestamptz,
    next_due_at     timestamptz,
    appointment_at  timestamptz,
    pass_no         int         NOT NULL DEFAULT 1,
    phone_index     int         NOT NULL DEFAULT 0,
    surrender_warning boolean   NOT NULL DEFAULT false,
    version         bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, policy_no)
);

-- The hand-out reads only dialable rows: this index stays small as finished tasks pile up.
CREATE INDEX task_due ON task (campaign_id, tier, deadline, next_due_at) WHERE state = 'PENDING';
CREATE INDEX task_holder ON task (campaign_id, holder_id);

CREATE TABLE attempt (
    id            uuid        PRIMARY KEY,
    campaign_id   bigint      NOT NULL REFERENCES campaign (id),
    task_ids      bigint[]    NOT NULL,
    phone_index   int         NOT NULL,
    pass_no       int         NOT NULL,
    state         text        NOT NULL CHECK (state IN ('LEASED', 'DIALING', 'DONE', 'UNKNOWN')),
    lease_owner   text,
    lease_until   timestamptz,
    outcome       text,
    cause         int,
    agent         text,
    pbx           text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    dialed_at     timestamptz,
    answered_at   timestamptz,
    ended_at      timestamptz
);
CREATE INDEX attempt_open ON attempt (lease_until) WHERE state IN ('LEASED', 'DIALING');

CREATE TABLE agent (
    extension   text        PRIMARY KEY,
    name        text        NOT NULL,
    agent_group text        NOT NULL,
    state       text        NOT NULL DEFAULT 'OFFLINE'
                CHECK (state IN ('IDLE', 'ON_CALL', 'WRAP_UP', 'PAUSED', 'OFFLINE')),
    attempt_id  uuid,
    version     bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_history (
    id          bigserial PRIMARY KEY,
    task_id     bigint      NOT NULL REFERENCES task (id),
    at          timestamptz NOT NULL,
    old_state   text,
    new_state   text        NOT NULL,
    cause       text        NOT NULL,
    attempt_id  uuid,
    actor       text
);
CREATE INDEX task_history_task ON task_history (task_id, at);
