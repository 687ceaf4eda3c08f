-- The physical limit of one single-event ingest: what its commit must write (the event with its JSON
-- payload, its job, the job's history row, its outbox row and the audit row), as plain statements in one
-- transaction on Engram's own schema, with every unique key and index in place. Run by `engram bench`.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO agent_events (id, team_id, project_id, content_session_id, source_adapter, event_type, payload, metadata, idempotency_key, occurred_at, received_at) VALUES (uuid_v7(), 'bench', 'bench', 'pg-s' || :client_id, 'hook', 'tool_use', ('{"tool_name": "Read", "tool_input": {"file_path": "src/f' || :client_id || '_' || :n || '.ts"}, "tool_response": "ok ' || :n || '"}')::jsonb, '{}'::jsonb, md5(:client_id || ':' || :n || ':' || clock_timestamp()::text), now(), now()) RETURNING id AS ev \gset
INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id, job_type, lane, payload) VALUES ('evt_' || md5(:ev::text), 'bench', 'bench', 'agent_event', :ev::text, :ev::uuid, 'event', 'event', ('{"kind": "event", "team_id": "bench", "version": 1, "source_id": "' || :ev::text || '", "project_id": "bench", "source_type": "agent_event", "agent_event_id": "' || :ev::text || '", "source_adapter": "hook", "generation_job_id": "evt_' || md5(:ev::text) || '"}')::jsonb) RETURNING id AS job \gset
INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details) VALUES (:job, 'bench', 'bench', 'queued', 'queued', 0, '{}'::jsonb);
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES (uuid_v7(), 'event', :job, 'event', ('{"kind": "event", "team_id": "bench", "version": 1, "source_id": "' || :ev::text || '", "project_id": "bench", "generation_job_id": "' || :job || '"}')::jsonb);
INSERT INTO audit_log (team_id, project_id, action, resource_type, resource_id, request_id, details) VALUES ('bench', 'bench', 'event.received', 'agent_event', :ev::text, 'pg-' || :n, ('{"eventType": "tool_use", "generationJobId": "' || :job || '"}')::jsonb);
COMMIT;
