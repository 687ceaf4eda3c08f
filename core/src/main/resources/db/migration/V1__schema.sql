-- Engram schema, version 1. Postgres is the source of truth; every write below is idempotent
-- through a unique constraint, so a repeated request or a re-delivered Kafka record changes nothing.
-- Every tenant table carries team_id and project_id, and every query filters by them.

CREATE TABLE teams (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id                 text PRIMARY KEY,
    team_id            text        NOT NULL REFERENCES teams (id),
    name               text        NOT NULL,
    generation_policy  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, id)
);

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    key_hash      text        NOT NULL UNIQUE,       -- hex sha256 of the raw key; the raw key is never stored
    team_id       text        REFERENCES teams (id), -- a key without a team is refused on every route
    project_id    text        REFERENCES projects (id),
    actor_id      text,
    label         text,
    scopes        jsonb       NOT NULL DEFAULT '[]',
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    expires_at    timestamptz,
    last_used_at  timestamptz
);

CREATE TABLE sessions (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id              text        NOT NULL,
    project_id           text        NOT NULL,
    external_session_id  text,
    content_session_id   text,
    agent_id             text,
    agent_type           text,
    platform_source      text,
    generation_status    text        NOT NULL DEFAULT 'idle',
    metadata             jsonb       NOT NULL DEFAULT '{}',
    started_at           timestamptz NOT NULL DEFAULT now(),
    ended_at             timestamptz,
    last_generated_at    timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (team_id, project_id) REFERENCES projects (team_id, id),
    -- find-or-create on start: one session per (project, platform, external id)
    CONSTRAINT sessions_external_id_key UNIQUE NULLS NOT DISTINCT (team_id, project_id, platform_source, external_session_id)
);
CREATE INDEX sessions_content_session_idx ON sessions (team_id, project_id, content_session_id, created_at DESC);

CREATE TABLE agent_events (
    id                 uuid PRIMARY KEY,
    team_id            text        NOT NULL,
    project_id         text        NOT NULL,
    server_session_id  uuid        REFERENCES sessions (id) ON DELETE CASCADE,
    content_session_id text,
    memory_session_id  text,
    source_adapter     text        NOT NULL,
    source_event_id    text,
    event_type         text        NOT NULL,
    platform_source    text,
    payload            jsonb       NOT NULL DEFAULT '{}',
    metadata           jsonb       NOT NULL DEFAULT '{}',
    idempotency_key    text        NOT NULL,
    occurred_at        timestamptz NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now(),
    created_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (team_id, project_id) REFERENCES projects (team_id, id),
    CONSTRAINT agent_events_idempotency_key UNIQUE (team_id, project_id, idempotency_key)
);
CREATE INDEX agent_events_session_idx ON agent_events (server_session_id, occurred_at);

CREATE TABLE generation_jobs (
    id                 text PRIMARY KEY,             -- deterministic, colon-free: evt_/sum_/bat_/rix_ + sha256 hex
    team_id            text        NOT NULL,
    project_id         text        NOT NULL,
    source_type        text        NOT NULL CHECK (source_type IN ('agent_event', 'session_summary', 'event_batch', 'observation_reindex')),
    source_id          text        NOT NULL,
    agent_event_id     uuid        REFERENCES agent_events (id) ON DELETE CASCADE,
    server_session_id  uuid        REFERENCES sessions (id) ON DELETE CASCADE,
    job_type           text        NOT NULL,         -- the kind: event, event-batch, summary, reindex
    lane               text        NOT NULL,
    status             text        NOT NULL DEFAULT 'queued'
                                   CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
    attempts           integer     NOT NULL DEFAULT 0,
    max_attempts       integer     NOT NULL DEFAULT 3,
    payload            jsonb       NOT NULL,
    locked_at          timestamptz,
    locked_by          text,
    next_attempt_at    timestamptz,
    enqueued_at        timestamptz,                  -- last time the relay saw the broker acknowledge this job
    completed_at       timestamptz,
    failed_at          timestamptz,
    cancelled_at       timestamptz,
    last_error         jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (team_id, project_id) REFERENCES projects (team_id, id),
    CONSTRAINT generation_jobs_source_key UNIQUE (team_id, project_id, source_type, source_id, job_type)
);
CREATE INDEX generation_jobs_status_idx ON generation_jobs (team_id, project_id, status, created_at DESC);
-- the reconciler's scan: only unfinished jobs are indexed
CREATE INDEX generation_jobs_unfinished_idx ON generation_jobs (updated_at) WHERE status IN ('queued', 'processing');

CREATE TABLE generation_job_events (
    id          bigserial PRIMARY KEY,
    job_id      text        NOT NULL REFERENCES generation_jobs (id) ON DELETE CASCADE,
    team_id     text        NOT NULL,
    project_id  text        NOT NULL,
    event_type  text        NOT NULL,   -- queued, enqueued, processing, retry_scheduled, completed, failed, cancelled
    status      text        NOT NULL,
    attempt     integer     NOT NULL DEFAULT 0,
    details     jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX generation_job_events_job_idx ON generation_job_events (job_id, id);

-- The transactional outbox. Column names follow Debezium's Outbox Event Router, so a Debezium
-- connector can replace the built-in relay with no schema change; seq and published_at are the
-- built-in relay's own bookkeeping.
CREATE TABLE outbox (
    id                  uuid PRIMARY KEY,
    seq                 bigserial   NOT NULL UNIQUE,
    aggregatetype       text        NOT NULL,   -- the lane; topic engram.jobs.<lane>
    aggregateid         text        NOT NULL,   -- the job id; the Kafka record key
    type                text        NOT NULL,   -- the job kind
    payload             jsonb       NOT NULL,
    tracingspancontext  text,                   -- W3C traceparent of the request that wrote the row
    created_at          timestamptz NOT NULL DEFAULT now(),
    published_at        timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (aggregateid) WHERE published_at IS NULL;

-- Wakes the relay as soon as a transaction that wrote outbox rows commits (NOTIFY is delivered on commit).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('engram_outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE observations (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id            text        NOT NULL,
    project_id         text        NOT NULL,
    server_session_id  uuid        REFERENCES sessions (id) ON DELETE SET NULL,
    kind               text        NOT NULL,
    content            text        NOT NULL,
    metadata           jsonb       NOT NULL DEFAULT '{}',
    generation_key     text,                    -- generation:v1:<jobId>:<index>:<sha256 of content>; null for manual memories
    created_by_job_id  text,
    search_vector      tsvector    GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (team_id, project_id) REFERENCES projects (team_id, id),
    CONSTRAINT observations_generation_key UNIQUE (team_id, project_id, generation_key)
);
CREATE INDEX observations_search_idx ON observations USING gin (search_vector);
CREATE INDEX observations_recent_idx ON observations (team_id, project_id, created_at DESC);

CREATE TABLE observation_sources (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    observation_id     uuid        NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    team_id            text        NOT NULL,
    project_id         text        NOT NULL,
    source_type        text        NOT NULL,   -- agent_event, session
    source_id          text        NOT NULL,
    generation_job_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT observation_sources_key UNIQUE (observation_id, source_type, source_id)
);
CREATE INDEX observation_sources_source_idx ON observation_sources (team_id, project_id, source_type, source_id);

CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    team_id        text,
    project_id     text,
    actor_id       text,
    api_key_id     uuid,
    action         text        NOT NULL,
    resource_type  text,
    resource_id    text,
    request_id     text,
    details        jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_team_idx ON audit_log (team_id, created_at DESC);
