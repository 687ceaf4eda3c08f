-- The viewer's reads: a project's sessions, newest first, without walking the project's other rows.
CREATE INDEX sessions_project_started_idx ON sessions (team_id, project_id, started_at DESC, id);
-- A session's observations (its timeline, and the counts in that list) by the session, not by walking the project.
CREATE INDEX observations_session_idx ON observations (server_session_id, created_at) WHERE server_session_id IS NOT NULL;
