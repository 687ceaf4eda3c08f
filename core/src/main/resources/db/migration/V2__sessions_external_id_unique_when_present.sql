-- V1 made (team, project, platform, external id) unique with NULLS NOT DISTINCT, which would let only
-- one session without an external id exist per project and platform. Find-or-create only applies
-- when the client names its session, so the key is unique only when an external id is present.
ALTER TABLE sessions DROP CONSTRAINT sessions_external_id_key;
CREATE UNIQUE INDEX sessions_external_id_key
    ON sessions (team_id, project_id, (COALESCE(platform_source, '')), external_session_id)
 WHERE external_session_id IS NOT NULL;
