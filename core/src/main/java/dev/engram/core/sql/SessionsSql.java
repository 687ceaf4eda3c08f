package dev.engram.core.sql;

/** SQL for {@code sessions}; every read carries the caller's team and, for a project key, project. */
public final class SessionsSql {

    public static final String COLUMNS = """
            id, team_id, project_id, external_session_id, content_session_id, agent_id, agent_type,
            platform_source, generation_status, metadata, started_at, ended_at, last_generated_at, created_at,
            updated_at""";

    /** Find-or-create on start: completes without a row when the external id exists already. */
    public static final String INSERT_IF_ABSENT = """
            INSERT INTO sessions (team_id, project_id, external_session_id, content_session_id, agent_id,
                                  agent_type, platform_source, metadata)
            VALUES (:team, :project, :external, :content, :agentId, :agentType, :platform, :metadata)
            ON CONFLICT (team_id, project_id, (COALESCE(platform_source, '')), external_session_id)
                WHERE external_session_id IS NOT NULL
            DO NOTHING
            RETURNING %s
            """.formatted(COLUMNS);

    public static final String FIND_BY_EXTERNAL_ID = """
            SELECT %s FROM sessions
             WHERE team_id = :team AND project_id = :project AND external_session_id = :external
               AND COALESCE(platform_source, '') = COALESCE(:platform::text, '')
            """.formatted(COLUMNS);

    /** One session of the team, and of the key's project when {@code :project} is not null. */
    public static final String FIND_BY_ID = """
            SELECT %s FROM sessions
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(COLUMNS);

    public static final String FIND_BY_CONTENT_ID = """
            SELECT %s FROM sessions
             WHERE team_id = :team AND project_id = :project AND content_session_id = :content
             ORDER BY created_at DESC LIMIT 1
            """.formatted(COLUMNS);

    /**
     * A page of a project's sessions, newest first (keyset: started before {@code :beforeStarted}, or at that time
     * with a smaller id), each with how many events and observations it holds and its first prompt (up to 500
     * characters of the first {@code user_prompt} event's {@code prompt}).
     */
    public static final String LIST_FOR_PROJECT = """
            SELECT %s,
                   (SELECT count(*) FROM agent_events e
                     WHERE e.server_session_id = s.id AND e.team_id = s.team_id) AS event_count,
                   (SELECT count(*) FROM observations o
                     WHERE o.server_session_id = s.id AND o.team_id = s.team_id AND o.project_id = s.project_id
                       AND o.kind <> 'summary') AS observation_count,
                   (SELECT left(e.payload ->> 'prompt', 500) FROM agent_events e
                     WHERE e.server_session_id = s.id AND e.team_id = s.team_id AND e.event_type = 'user_prompt'
                     ORDER BY e.occurred_at, e.id LIMIT 1) AS first_prompt
              FROM sessions s
             WHERE s.team_id = :team AND s.project_id = :project
               AND (:beforeStarted::timestamptz IS NULL OR (s.started_at, s.id) < (:beforeStarted, :beforeId::uuid))
             ORDER BY s.started_at DESC, s.id DESC
             LIMIT :limit
            """.formatted(Columns.qualified("s", COLUMNS));

    /** Whether a session exists inside one project. */
    public static final String EXISTS_IN_PROJECT = """
            SELECT 1 FROM sessions WHERE id = :session AND team_id = :team AND project_id = :project
            """;

    /** Ends an open session and marks its summary queued; no row when it had ended (or is out of scope). */
    public static final String END_IF_OPEN = """
            UPDATE sessions
               SET ended_at = now(), updated_at = now(), generation_status = 'queued'
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
               AND ended_at IS NULL
            RETURNING %s
            """.formatted(COLUMNS);

    /** A session's summary job moved: {@code processing}, back to {@code queued}, or {@code failed}. */
    public static final String SET_GENERATION_STATUS = """
            UPDATE sessions SET generation_status = :status, updated_at = now()
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    /** The session's summary is done (written, or skipped because nothing was worth keeping). */
    public static final String MARK_GENERATED = """
            UPDATE sessions SET generation_status = 'completed', last_generated_at = now(), updated_at = now()
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    public static final String DELETE_PROJECT =
            "DELETE FROM sessions WHERE team_id = :team AND project_id = :project";

    // ---- export and import (engram export | import) ----

    /**
     * The project's sessions for an export, oldest first: all of them, or with {@code :since} those started since
     * then and those an observation written since then belongs to.
     */
    public static final String FOR_EXPORT = """
            SELECT id, external_session_id, content_session_id, agent_id, agent_type, platform_source,
                   generation_status, metadata::text AS metadata, started_at, ended_at, last_generated_at, created_at,
                   updated_at
              FROM sessions s
             WHERE team_id = :team AND project_id = :project
               AND (:since::timestamptz IS NULL OR started_at >= :since::timestamptz
                    OR EXISTS (SELECT 1 FROM observations o
                                WHERE o.team_id = :team AND o.project_id = :project AND o.server_session_id = s.id
                                  AND o.created_at >= :since::timestamptz))
             ORDER BY started_at, id
            """;

    /** An imported session, as it was exported; no row when it (or its external id) is there already. */
    public static final String IMPORT = """
            INSERT INTO sessions (id, team_id, project_id, external_session_id, content_session_id, agent_id,
                                  agent_type, platform_source, generation_status, metadata, started_at, ended_at,
                                  last_generated_at, created_at, updated_at)
            VALUES (:id, :team, :project, :external, :content, :agentId, :agentType, :platform, :status,
                    :metadata::jsonb, :startedAt, :endedAt, :lastGeneratedAt, :createdAt, :updatedAt)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    /** The session of the project an import collided with: the same id, or the same external id. */
    public static final String FIND_FOR_IMPORT = """
            SELECT id FROM sessions
             WHERE team_id = :team AND project_id = :project
               AND (id = :id OR (external_session_id = :external
                                 AND COALESCE(platform_source, '') = COALESCE(:platform::text, '')))
             ORDER BY (id = :id) DESC
             LIMIT 1
            """;

    private SessionsSql() {
    }
}
