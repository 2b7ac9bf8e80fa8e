-- Recording references and the append-only, hash-chained access audit.

CREATE TABLE recording (
    id            uuid        PRIMARY KEY,
    attempt_id    uuid        NOT NULL UNIQUE,
    policy_nos    text[]      NOT NULL,
    campaign_id   bigint      NOT NULL,
    agent         text,
    pbx           text        NOT NULL,
    path          text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('RECORDING', 'COMPLETE', 'MISSING', 'PURGED')),
    product_type  text,
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    duration_ms   bigint,
    bytes         bigint,
    sha256        text,
    retain_until  timestamptz NOT NULL,
    legal_hold    boolean     NOT NULL DEFAULT false,
    purged_at     timestamptz
);
CREATE INDEX recording_policy ON recording USING gin (policy_nos);
CREATE INDEX recording_started ON recording (started_at);

CREATE TABLE recording_access (
    seq           bigserial   PRIMARY KEY,
    at            timestamptz NOT NULL,
    principal     text        NOT NULL,
    role          text        NOT NULL,
    action        text        NOT NULL,
    recording_id  uuid,
    purpose       text,
    prev_hash     text        NOT NULL,
    hash          text        NOT NULL
);
