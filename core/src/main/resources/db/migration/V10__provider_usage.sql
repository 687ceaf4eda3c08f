-- The tokens each remote provider call used, per job and attempt: what a project's daily token budget counts, and
-- what the bill is made of. A failed attempt (an answer that could not be parsed) is billed too, so it is a row.
-- Kept when a project's memory is purged: it holds counts and ids, no content.
CREATE TABLE provider_usage (
    job_id         text        NOT NULL,
    attempt        integer     NOT NULL,
    team_id        text        NOT NULL,
    project_id     text        NOT NULL,
    provider       text        NOT NULL,
    model          text,
    input_tokens   bigint      NOT NULL,
    output_tokens  bigint      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, attempt)
);
-- the budget's question: how many tokens has this project used since midnight (UTC)
CREATE INDEX provider_usage_project_day_idx ON provider_usage (team_id, project_id, created_at);
