package dev.engram.core.sql;

/** SQL for {@code agent_events}; every read carries the caller's team and project. */
public final class AgentEventsSql {

    /** The columns of a stored event, as the API reads them. */
    public static final String COLUMNS = """
            id, team_id, project_id, server_session_id, source_adapter, source_event_id, event_type,
            platform_source, payload, metadata, occurred_at, received_at, created_at""";

    /**
     * Inserts events unless one with the same idempotency key exists, many in one statement: {@code :rows}
     * is a JSON array of objects with the named fields, one per event, {@code ord} giving the order to write
     * them in (a group commit, or one batch request). An event without an explicit session joins the newest
     * session of the project with the same agent-side session id. Rows whose idempotency key exists already
     * are skipped; RETURNING lists the rest.
     */
    public static final String INSERT_ALL_IF_ABSENT = """
            INSERT INTO agent_events (id, team_id, project_id, server_session_id, content_session_id,
                                      memory_session_id, source_adapter, source_event_id, event_type,
                                      platform_source, payload, metadata, idempotency_key, occurred_at,
                                      received_at)
            SELECT e.id, e.team, e.project,
                   COALESCE(e.server_session, (SELECT s.id FROM sessions s
                                                WHERE s.team_id = e.team AND s.project_id = e.project
                                                  AND s.content_session_id = e.content_session
                                                  AND (e.platform IS NULL OR s.platform_source = e.platform)
                                                ORDER BY s.created_at DESC LIMIT 1)),
                   e.content_session, e.memory_session, e.source_adapter, e.source_event_id, e.event_type,
                   e.platform, e.payload, e.metadata, e.idempotency_key, e.occurred_at, e.received_at
              FROM jsonb_to_recordset(:rows::jsonb)
                   AS e(id uuid, team text, project text, server_session uuid, content_session text,
                        memory_session text, source_adapter text, source_event_id text, event_type text,
                        platform text, payload jsonb, metadata jsonb, idempotency_key text,
                        occurred_at timestamptz, received_at timestamptz, ord bigint)
             ORDER BY e.ord
            ON CONFLICT (team_id, project_id, idempotency_key) DO NOTHING
            RETURNING %1$s, idempotency_key
            """.formatted(COLUMNS);

    /** The stored events with these idempotency keys; {@code :keys} is a JSON array of {team, project, key}. */
    public static final String FIND_BY_IDEMPOTENCY_KEYS = """
            SELECT %s, a.idempotency_key FROM agent_events a
              JOIN jsonb_to_recordset(:keys::jsonb) AS k(team text, project text, key text)
                ON a.team_id = k.team AND a.project_id = k.project AND a.idempotency_key = k.key
            """.formatted(Columns.qualified("a", COLUMNS));

    /** One event of the team, and of the key's project when {@code :project} is not null. */
    public static final String FIND_BY_ID = """
            SELECT %s FROM agent_events
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(COLUMNS);

    /**
     * A session's events in the order they occurred (at most {@code :limit}), each with the ids of the observations
     * made from it ({@code observation_ids}, a text array, empty when none).
     */
    public static final String FOR_SESSION_WITH_OBSERVATIONS = """
            SELECT %s,
                   ARRAY(SELECT os.observation_id::text FROM observation_sources os
                          WHERE os.team_id = a.team_id AND os.project_id = a.project_id
                            AND os.source_type = 'agent_event' AND os.source_id = a.id::text
                          ORDER BY os.created_at, os.observation_id) AS observation_ids
              FROM agent_events a
             WHERE a.server_session_id = :session AND a.team_id = :team AND a.project_id = :project
             ORDER BY a.occurred_at, a.created_at, a.id
             LIMIT :limit
            """.formatted(Columns.qualified("a", COLUMNS));

    /** The columns a prompt is built from. */
    private static final String PROMPT_COLUMNS =
            "id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload";

    /** One event as a prompt source, inside its job's team and project. */
    public static final String PROMPT_SOURCE = """
            SELECT %s
              FROM agent_events
             WHERE id = :id AND team_id = :team AND project_id = :project
            """.formatted(PROMPT_COLUMNS);

    /**
     * Events as prompt sources for a batch of jobs: {@code :ids}, {@code :teams} and {@code :projects} are parallel
     * arrays, each event looked up inside its own job's team and project, by primary key (the {@code ANY}) whatever
     * the statistics say.
     */
    public static final String PROMPT_SOURCES_OF_JOBS = """
            SELECT e.id::text AS id, e.event_type, e.source_adapter, e.occurred_at, e.payload::text AS payload
              FROM agent_events e
              JOIN unnest(%1$s, %2$s, %3$s) AS k(id, team_id, project_id)
                ON e.id = k.id AND e.team_id = k.team_id AND e.project_id = k.project_id
             WHERE e.id = ANY(%1$s)
            """.formatted(GenericPlans.array(":ids", "uuid[]"), GenericPlans.array(":teams", "text[]"),
            GenericPlans.array(":projects", "text[]"));

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
