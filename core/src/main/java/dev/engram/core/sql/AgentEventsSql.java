package dev.engram.core.sql;

/** SQL for {@code agent_events}; every read carries the caller's team and project. */
public final class AgentEventsSql {

    /** The columns of a stored event, as the API reads them. */
    public static final String COLUMNS = """
            id, team_id, project_id, server_session_id, source_adapter, source_event_id, event_type,
            platform_source, payload, metadata, occurred_at, received_at, created_at""";

    /**
     * Inserts an event unless one with its idempotency key exists. Without an explicit session it joins
     * the newest session of the project with the same agent-side session id.
     */
    public static final String INSERT_IF_ABSENT = """
            INSERT INTO agent_events (id, team_id, project_id, server_session_id, content_session_id,
                                      memory_session_id, source_adapter, source_event_id, event_type,
                                      platform_source, payload, metadata, idempotency_key, occurred_at,
                                      received_at)
            VALUES (:id, :team, :project,
                    COALESCE(:serverSession, (SELECT s.id FROM sessions s
                                               WHERE s.team_id = :team AND s.project_id = :project
                                                 AND s.content_session_id = :contentSession
                                                 AND (:platform::text IS NULL OR s.platform_source = :platform)
                                               ORDER BY s.created_at DESC LIMIT 1)),
                    :contentSession, :memorySession, :sourceAdapter, :sourceEventId, :eventType,
                    :platform, :payload, :metadata, :idempotencyKey, :occurredAt, :receivedAt)
            ON CONFLICT (team_id, project_id, idempotency_key) DO NOTHING
            RETURNING %s
            """.formatted(COLUMNS);

    public static final String FIND_BY_IDEMPOTENCY_KEY = """
            SELECT %s FROM agent_events
             WHERE team_id = :team AND project_id = :project AND idempotency_key = :idempotencyKey
            """.formatted(COLUMNS);

    /** One event of the team, and of the key's project when {@code :project} is not null. */
    public static final String FIND_BY_ID = """
            SELECT %s FROM agent_events
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(COLUMNS);

    /** The columns a prompt is built from. */
    private static final String PROMPT_COLUMNS =
            "id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload";

    /** One event as a prompt source, inside its job's team and project. */
    public static final String PROMPT_SOURCE = """
            SELECT %s
              FROM agent_events
             WHERE id = :id AND team_id = :team AND project_id = :project
            """.formatted(PROMPT_COLUMNS);

    /** A session's events received within a debounce window, in the order they arrived. */
    public static final String PROMPT_SOURCES_IN_WINDOW = """
            SELECT %s
              FROM agent_events
             WHERE team_id = :team AND project_id = :project AND server_session_id = :session
               AND received_at >= :start AND received_at < :end
             ORDER BY received_at, created_at, id
            """.formatted(PROMPT_COLUMNS);

    /** All of a session's events, in the order they occurred. */
    public static final String PROMPT_SOURCES_OF_SESSION = """
            SELECT %s
              FROM agent_events
             WHERE server_session_id = :session AND team_id = :team AND project_id = :project
             ORDER BY occurred_at, created_at, id
            """.formatted(PROMPT_COLUMNS);

    public static final String DELETE_PROJECT =
            "DELETE FROM agent_events WHERE team_id = :team AND project_id = :project";

    private AgentEventsSql() {
    }
}
