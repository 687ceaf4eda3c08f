package dev.engram.core.sql;

/**
 * SQL for {@code observations} and their links to what they were made from, {@code observation_sources}.
 * Generated observations are keyed by their generation key, so writing a job's results twice adds nothing.
 */
public final class ObservationsSql {

    public static final String COLUMNS = """
            id, team_id, project_id, server_session_id, kind, content, metadata, generation_key, created_by_job_id,
            created_at, updated_at""";

    /**
     * A generated observation with its links to every source ({@code :sourceIds}, a text array), in one
     * statement; nothing when an observation with its generation key exists (a redelivered job), which the
     * caller then finds and links with {@link #FIND_ID_BY_GENERATION_KEY} and {@link #LINK_SOURCE}.
     */
    public static final String INSERT_GENERATED_AND_LINK = """
            WITH inserted AS (
                INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata,
                                          generation_key, created_by_job_id, created_at, updated_at)
                VALUES (:team, :project, :session, :kind, :content, :metadata::jsonb, :generationKey, :job,
                        clock_timestamp(), clock_timestamp())
                ON CONFLICT (team_id, project_id, generation_key) DO NOTHING
                RETURNING id
            ), linked AS (
                INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id,
                                                 generation_job_id)
                SELECT inserted.id, :team, :project, :sourceType, source_id, :job
                  FROM inserted CROSS JOIN unnest(:sourceIds::text[]) AS source_id
                ON CONFLICT (observation_id, source_type, source_id) DO NOTHING
            )
            SELECT id FROM inserted
            """;

    /**
     * {@link #INSERT_GENERATED_AND_LINK} for the observations of a batch of jobs: {@code :rows} is a JSON array of
     * {@code {team_id, project_id, server_session_id, kind, content, metadata, generation_key, job_id, source_ids}}.
     * An observation that exists already (a redelivered job) is not inserted again but is linked to every source it
     * names, as {@link #LINK_SOURCE} does one by one (looked up row by row through the unique key: the LIMIT keeps the
     * planner from joining the whole table, whatever the statistics say). Answers the job id of each new observation.
     */
    public static final String INSERT_GENERATED_ALL_AND_LINK = """
            WITH rows AS (
                SELECT * FROM jsonb_to_recordset(:rows::jsonb) AS r(team_id text, project_id text,
                       server_session_id uuid, kind text, content text, metadata jsonb, generation_key text,
                       job_id text, source_ids text[])
            ), inserted AS (
                INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata,
                                          generation_key, created_by_job_id, created_at, updated_at)
                SELECT team_id, project_id, server_session_id, kind, content, metadata, generation_key, job_id,
                       clock_timestamp(), clock_timestamp()
                  FROM rows
                ON CONFLICT (team_id, project_id, generation_key) DO NOTHING
                RETURNING id, team_id, project_id, generation_key, created_by_job_id
            ), existing AS (
                SELECT o.id, o.team_id, o.project_id, o.generation_key, r.job_id AS created_by_job_id
                  FROM rows r
                 CROSS JOIN LATERAL (
                       SELECT id, team_id, project_id, generation_key FROM observations
                        WHERE team_id = r.team_id AND project_id = r.project_id AND generation_key = r.generation_key
                        LIMIT 1) o
            ), linked AS (
                INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id,
                                                 generation_job_id)
                SELECT o.id, o.team_id, o.project_id, :sourceType, source_id, o.created_by_job_id
                  FROM (SELECT * FROM inserted UNION ALL SELECT * FROM existing) o
                  JOIN rows r
                    ON r.team_id = o.team_id AND r.project_id = o.project_id AND r.generation_key = o.generation_key
                 CROSS JOIN unnest(r.source_ids) AS source_id
                ON CONFLICT (observation_id, source_type, source_id) DO NOTHING
            )
            SELECT created_by_job_id FROM inserted
            """;

    public static final String FIND_ID_BY_GENERATION_KEY = """
            SELECT id FROM observations
             WHERE team_id = :team AND project_id = :project AND generation_key = :generationKey
            """;

    public static final String LINK_SOURCE = """
            INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id,
                                             generation_job_id)
            VALUES (:observation, :team, :project, :sourceType, :sourceId, :job)
            ON CONFLICT (observation_id, source_type, source_id) DO NOTHING
            """;

    /** A memory written directly: no generation key, no job. */
    public static final String INSERT_MEMORY = """
            INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata)
            VALUES (:team, :project, :session, :kind, :content, :metadata)
            RETURNING %s
            """.formatted(COLUMNS);

    /** Deletes one observation in scope and answers its project; its source links go with it (cascade). */
    public static final String DELETE_BY_ID = """
            DELETE FROM observations
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            RETURNING project_id
            """;

    /** The observations made from one source, with the link, oldest first. */
    public static final String FOR_SOURCE = """
            SELECT o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata,
                   o.generation_key, o.created_by_job_id, o.created_at, o.updated_at,
                   s.id AS source_row_id, s.source_type, s.source_id, s.generation_job_id,
                   s.created_at AS source_created_at
              FROM observation_sources s
              JOIN observations o ON o.id = s.observation_id
             WHERE s.team_id = :team AND s.project_id = :project
               AND o.team_id = :team AND o.project_id = :project
               AND s.source_type = :sourceType AND s.source_id = :sourceId
             ORDER BY o.created_at, o.id
            """;

    /** A session's observations, its summary included, oldest first. */
    public static final String FOR_SESSION = """
            SELECT %s
              FROM observations
             WHERE team_id = :team AND project_id = :project AND server_session_id = :session
             ORDER BY created_at, id
            """.formatted(COLUMNS);

    /** The contents of a session's observations of every kind but {@code :exceptKind}, oldest first. */
    public static final String CONTENTS_OF_SESSION = """
            SELECT content
              FROM observations
             WHERE server_session_id = :session AND team_id = :team AND project_id = :project
               AND kind <> :exceptKind
             ORDER BY created_at, id
            """;

    /** The columns of a read, qualified. */
    private static final String READ_COLUMNS = """
            o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata, o.generation_key,
            o.created_by_job_id, o.created_at, o.updated_at""";

    /**
     * What a live feed of the project has not shown yet: its rows created after {@code :since} less
     * {@code :overlap} (an interval, so a transaction that began before the last row seen and committed after it is
     * still found), except those already shown ({@code :seen}, a uuid array), oldest first, at most {@code :limit}.
     * {@code :since} null means now: the feed starts from the rows written in the last {@code :overlap}.
     */
    public static final String WRITTEN_SINCE = """
            SELECT %s
              FROM observations o
             WHERE o.team_id = :team AND o.project_id = :project
               AND o.created_at > COALESCE(:since::timestamptz, now()) - :overlap::interval
               AND NOT (o.id = ANY(:seen::uuid[]))
             ORDER BY o.created_at, o.id
             LIMIT :limit
            """.formatted(READ_COLUMNS);

    /**
     * A project's newest session summaries (through {@code observations_summaries_idx}, whatever else the
     * project holds), of sessions on {@code :platform} when it is not null, newest first.
     */
    public static final String RECENT_SUMMARIES = """
            SELECT %s
              FROM observations o
             WHERE o.team_id = :team AND o.project_id = :project AND o.kind = 'summary'
               AND (:platform::text IS NULL
                    OR EXISTS (SELECT 1 FROM sessions ps WHERE ps.id = o.server_session_id AND ps.team_id = o.team_id
                                  AND ps.platform_source = :platform::text))
             ORDER BY o.created_at DESC, o.id
             LIMIT :limit
            """.formatted(READ_COLUMNS);

    /** Whether the schema has embeddings (pgvector was available when it was migrated). */
    public static final String HAS_EMBEDDINGS = """
            SELECT EXISTS (SELECT 1 FROM information_schema.tables
                            WHERE table_schema = current_schema() AND table_name = 'observation_embeddings')
            """;

    /**
     * Observations still without an embedding, oldest first, locked so that two processors never embed the
     * same rows. Maintenance across tenants: each row is written back by id, tenant untouched.
     */
    public static final String CLAIM_UNEMBEDDED = """
            SELECT e.observation_id AS id, o.content
              FROM observation_embeddings e
              JOIN observations o ON o.id = e.observation_id
             WHERE e.embedding IS NULL
             ORDER BY e.created_at
             LIMIT :limit
               FOR UPDATE OF e SKIP LOCKED
            """;

    public static final String SET_EMBEDDING = """
            UPDATE observation_embeddings SET embedding = :embedding::vector
             WHERE observation_id = :id AND embedding IS NULL
            """;

    /**
     * The team's observations (of {@code :project} when not null) stored since {@code :since}, by what they are:
     * {@code observation} (generated), {@code summary}, {@code memory} (written directly).
     */
    public static final String COUNT_KINDS_SINCE = """
            SELECT CASE WHEN kind = 'summary' THEN 'summary' WHEN generation_key IS NULL THEN 'memory'
                        ELSE 'observation' END AS what, count(*) AS n
              FROM observations
             WHERE team_id = :team AND (:project::text IS NULL OR project_id = :project) AND created_at >= :since
             GROUP BY 1
            """;

    public static final String DELETE_PROJECT_SOURCES =
            "DELETE FROM observation_sources WHERE team_id = :team AND project_id = :project";

    public static final String DELETE_PROJECT =
            "DELETE FROM observations WHERE team_id = :team AND project_id = :project";

    /** The project's events received in {@code [:from, :to)}, as the {@code events} of the two statements below. */
    private static final String EVENTS_RECEIVED = """
            WITH events AS (
                SELECT e.id, e.received_at FROM agent_events e
                 WHERE e.team_id = :team AND e.project_id = :project
                   AND e.received_at >= :from AND e.received_at < :to
            )
            """;

    /**
     * How long events of a project received in {@code [:from, :to)} took to become observations: the count of
     * such events, how many have an observation, and the 50th and 99th percentile of the time (ms) from an
     * event's {@code received_at} to its first observation's {@code created_at}.
     */
    public static final String EVENT_TO_OBSERVATION_MILLIS = EVENTS_RECEIVED + """
            , firsts AS (
                SELECT ev.id, min(o.created_at) - ev.received_at AS took
                  FROM events ev
                  JOIN observation_sources s ON s.team_id = :team AND s.project_id = :project
                                            AND s.source_type = 'agent_event' AND s.source_id = ev.id::text
                  JOIN observations o ON o.id = s.observation_id
                 GROUP BY ev.id, ev.received_at
            )
            SELECT (SELECT count(*) FROM events) AS events, count(*) AS observed,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM took) * 1000) AS p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM took) * 1000) AS p99
              FROM firsts
            """;

    /**
     * Where the time of {@link #EVENT_TO_OBSERVATION_MILLIS} went, for the events of {@code [:from, :to)} with an
     * observation and a job of their own, read from the rows' own timestamps: received (the ingest transaction) →
     * the relay's transaction that published the job (its {@code enqueued} history row) → the processor's
     * transaction that claimed it (its {@code processing} row) → the first observation's {@code created_at}. Each
     * stage as {@code [p50, p99]} in ms; the relay's stage ends when it claimed the job's outbox row, so the publish,
     * the broker's acknowledgement and the hop to the consumer fall in the second.
     */
    public static final String EVENT_STAGES_MILLIS = EVENTS_RECEIVED + """
            , stages AS (
                SELECT ev.received_at,
                       (SELECT min(h.created_at) FROM generation_job_events h
                         WHERE h.job_id = j.id AND h.event_type = 'enqueued') AS relayed,
                       (SELECT min(h.created_at) FROM generation_job_events h
                         WHERE h.job_id = j.id AND h.event_type = 'processing') AS claimed,
                       (SELECT min(o.created_at)
                          FROM observation_sources s JOIN observations o ON o.id = s.observation_id
                         WHERE s.team_id = :team AND s.project_id = :project AND s.source_type = 'agent_event'
                           AND s.source_id = ev.id::text) AS observed
                  FROM events ev
                  -- by the jobs' unique key, whatever the statistics say (agent_event_id has no index)
                  JOIN generation_jobs j ON j.team_id = :team AND j.project_id = :project
                                        AND j.source_type = 'agent_event' AND j.source_id = ev.id::text
                                        AND j.job_type = 'event'
            )
            SELECT count(*) AS jobs,
                   percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP
                       (ORDER BY extract(epoch FROM relayed - received_at) * 1000) AS to_relay,
                   percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP
                       (ORDER BY extract(epoch FROM claimed - relayed) * 1000) AS to_claim,
                   percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP
                       (ORDER BY extract(epoch FROM observed - claimed) * 1000) AS to_observation
              FROM stages
             WHERE relayed IS NOT NULL AND claimed IS NOT NULL AND observed IS NOT NULL
            """;

    // ---- reindex: recompute a scope's search rows and embeddings from the observations themselves ----

    /**
     * A project's observations cut into ranges of {@code :batch} rows in id order, as {@code first, last, n}: the
     * scopes of its reindex jobs. (Postgres has no min/max over uuid; their text in the C collation sorts alike.)
     */
    public static final String REINDEX_RANGES = """
            SELECT min(id::text COLLATE "C")::uuid AS first, max(id::text COLLATE "C")::uuid AS last, count(*) AS n
              FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / :batch AS chunk
                      FROM observations WHERE team_id = :team AND project_id = :project) ranked
             GROUP BY chunk
             ORDER BY chunk
            """;

    /** The observations of a scope, as {@code id, content, md5} (of the content), in id order. */
    public static final String IN_REINDEX_RANGE = """
            SELECT id, content, md5(content) AS md5 FROM observations
             WHERE team_id = :team AND project_id = :project AND id BETWEEN :first AND :last
             ORDER BY id
            """;

    /**
     * Each observation of the scope gets the search row the triggers would have written; a missing or different one
     * is written, an identical one is left untouched (no dead row). Returns a row per search row written.
     */
    public static final String REINDEX_SEARCH_ROWS = """
            INSERT INTO observation_search (observation_id, team_id, project_id, kind, generated, server_session_id,
                                            created_at, search_vector)
            SELECT id, team_id, project_id, kind, generation_key IS NOT NULL, server_session_id, created_at,
                   to_tsvector('english', content)
              FROM observations
             WHERE team_id = :team AND project_id = :project AND id BETWEEN :first AND :last
            ON CONFLICT (observation_id) DO UPDATE
               SET team_id = EXCLUDED.team_id, project_id = EXCLUDED.project_id, kind = EXCLUDED.kind,
                   generated = EXCLUDED.generated, server_session_id = EXCLUDED.server_session_id,
                   created_at = EXCLUDED.created_at, search_vector = EXCLUDED.search_vector
             WHERE (observation_search.team_id, observation_search.project_id, observation_search.kind,
                    observation_search.generated, observation_search.server_session_id, observation_search.created_at,
                    observation_search.search_vector)
                   IS DISTINCT FROM
                   (EXCLUDED.team_id, EXCLUDED.project_id, EXCLUDED.kind, EXCLUDED.generated,
                    EXCLUDED.server_session_id, EXCLUDED.created_at, EXCLUDED.search_vector)
            """;

    /** Search rows of the scope whose observation is gone. */
    public static final String REINDEX_SEARCH_ORPHANS = """
            DELETE FROM observation_search s
             WHERE s.team_id = :team AND s.project_id = :project AND s.observation_id BETWEEN :first AND :last
               AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.id = s.observation_id)
            """;

    /**
     * The scope's embeddings, computed from the contents {@code :rows} (a JSON array of {@code {id, md5, embedding}}:
     * the md5 of the content embedded, pgvector's text form): a missing or different row is written, an identical one
     * left alone. A row whose content changed since it was read (its md5 no longer matches) is skipped; the backfill
     * embeds its new content.
     */
    public static final String REINDEX_EMBEDDINGS = """
            INSERT INTO observation_embeddings (observation_id, team_id, project_id, kind, generated, server_session_id,
                                                created_at, embedding)
            SELECT o.id, o.team_id, o.project_id, o.kind, o.generation_key IS NOT NULL, o.server_session_id,
                   o.created_at, v.embedding::vector
              FROM jsonb_to_recordset(:rows::jsonb) AS v(id uuid, md5 text, embedding text)
              JOIN observations o ON o.id = v.id
             WHERE o.team_id = :team AND o.project_id = :project AND md5(o.content) = v.md5
            ON CONFLICT (observation_id) DO UPDATE
               SET team_id = EXCLUDED.team_id, project_id = EXCLUDED.project_id, kind = EXCLUDED.kind,
                   generated = EXCLUDED.generated, server_session_id = EXCLUDED.server_session_id,
                   created_at = EXCLUDED.created_at, embedding = EXCLUDED.embedding
             WHERE (observation_embeddings.team_id, observation_embeddings.project_id, observation_embeddings.kind,
                    observation_embeddings.generated, observation_embeddings.server_session_id,
                    observation_embeddings.created_at, observation_embeddings.embedding)
                   IS DISTINCT FROM
                   (EXCLUDED.team_id, EXCLUDED.project_id, EXCLUDED.kind, EXCLUDED.generated,
                    EXCLUDED.server_session_id, EXCLUDED.created_at, EXCLUDED.embedding)
            """;

    /** Embedding rows of the scope whose observation is gone. */
    public static final String REINDEX_EMBEDDING_ORPHANS = """
            DELETE FROM observation_embeddings e
             WHERE e.team_id = :team AND e.project_id = :project AND e.observation_id BETWEEN :first AND :last
               AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.id = e.observation_id)
            """;

    // ---- export and import (engram export | import) ----

    /** The project's observations, summaries and memories for an export (since {@code :since} when not null), oldest first. */
    public static final String FOR_EXPORT = """
            SELECT id, server_session_id, kind, content, metadata::text AS metadata, generation_key, created_by_job_id,
                   created_at, updated_at
              FROM observations
             WHERE team_id = :team AND project_id = :project
               AND (:since::timestamptz IS NULL OR created_at >= :since::timestamptz)
             ORDER BY created_at, id
            """;

    /** An imported observation, as it was exported; nothing when its id or generation key is there already. */
    public static final String IMPORT = """
            INSERT INTO observations (id, team_id, project_id, server_session_id, kind, content, metadata,
                                      generation_key, created_by_job_id, created_at, updated_at)
            VALUES (:id, :team, :project, :session, :kind, :content, :metadata::jsonb, :generationKey, :job,
                    :createdAt, :updatedAt)
            ON CONFLICT DO NOTHING
            """;

    private ObservationsSql() {
    }
}
