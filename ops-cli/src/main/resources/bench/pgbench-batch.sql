-- The physical limit of one batch ingest of :batch events (pgbench -D batch=100): the same rows as
-- pgbench-event.sql for every event, written with multi-row inserts (one statement) in one transaction.
-- Run by `engram bench`.
\set n random(1, 2000000000)
WITH ev AS (
  INSERT INTO agent_events (id, team_id, project_id, content_session_id, source_adapter, event_type, payload, metadata, idempotency_key, occurred_at, received_at)
  SELECT uuid_v7(), 'bench', 'bench', 'pg-s' || :client_id, 'hook', 'tool_use', ('{"tool_name": "Read", "tool_input": {"file_path": "src/f' || :client_id || '_' || :n || '_' || i || '.ts"}, "tool_response": "ok ' || i || '"}')::jsonb, '{}'::jsonb, md5(:client_id || ':' || :n || ':' || i || ':' || clock_timestamp()::text), now(), now()
    FROM generate_series(1, :batch) AS i
  RETURNING id
), job AS (
  INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id, job_type, lane, payload)
  SELECT 'evt_' || md5(id::text), 'bench', 'bench', 'agent_event', id::text, id, 'event', 'event', ('{"kind": "event", "team_id": "bench", "version": 1, "source_id": "' || id || '", "project_id": "bench", "source_type": "agent_event", "agent_event_id": "' || id || '", "source_adapter": "hook", "generation_job_id": "evt_' || md5(id::text) || '"}')::jsonb
    FROM ev
  RETURNING id, payload
), history AS (
  INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
  SELECT id, 'bench', 'bench', 'queued', 'queued', 0, '{}'::jsonb FROM job
), relay AS (
  INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
  SELECT uuid_v7(), 'event', id, 'event', payload FROM job
)
INSERT INTO audit_log (team_id, project_id, action, resource_type, resource_id, request_id, details)
VALUES ('bench', NULL, 'event.batch_received', 'agent_event_batch', 'pg-' || :n, 'pg-' || :n, ('{"count": ' || :batch || '}')::jsonb);
