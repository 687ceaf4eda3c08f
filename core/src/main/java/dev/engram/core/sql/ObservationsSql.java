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

    /**
     * The filters every read of a project's memory takes, on the row {@code r} of {@code observations} or of
     * {@code observation_search}; each is off when its parameter is null: {@code :types} (text[], the observation
     * types), the three kinds ({@code :observations}, {@code :summaries}, {@code :memories}, booleans; a row is
     * generated when it has a generation key), {@code :session}, {@code :since} / {@code :until} (creation time),
     * {@code :file} (a path read or modified, or its tail, in the metadata {@code metadata}), {@code :platform}
     * (the session's agent platform).
     */
    private static String filters(String r, String generated, String metadata) {
        return """
                   AND (:types::text[] IS NULL OR %1$s.kind = ANY(:types::text[]))
                   AND ((:observations AND %2$s AND %1$s.kind <> 'summary')
                        OR (:summaries AND %1$s.kind = 'summary')
                        OR (:memories AND NOT %2$s AND %1$s.kind <> 'summary'))
                   AND (:session::uuid IS NULL OR %1$s.server_session_id = :session::uuid)
                   AND (:since::timestamptz IS NULL OR %1$s.created_at >= :since::timestamptz)
                   AND (:until::timestamptz IS NULL OR %1$s.created_at < :until::timestamptz)
                   AND (:file::text IS NULL
                        OR EXISTS (SELECT 1 FROM jsonb_path_query(%3$s, 'lax $.files_read[*] ? (@.type() == "string")') f(v)
                                    WHERE f.v #>> '{}' = :file::text OR f.v #>> '{}' LIKE '%%/' || :file::text)
                        OR EXISTS (SELECT 1 FROM jsonb_path_query(%3$s, 'lax $.files_modified[*] ? (@.type() == "string")') f(v)
                                    WHERE f.v #>> '{}' = :file::text OR f.v #>> '{}' LIKE '%%/' || :file::text))
                   AND (:platform::text IS NULL
                        OR EXISTS (SELECT 1 FROM sessions ps WHERE ps.id = %1$s.server_session_id AND ps.team_id = %1$s.team_id
                                      AND ps.platform_source = :platform::text))
                """.formatted(r, generated, metadata);
    }

    /** The filters on a row {@code o} of {@code observations}. */
    private static final String FILTERS = filters("o", "o.generation_key IS NOT NULL", "o.metadata");

    /**
     * The filters on a row {@code s} of {@code observation_search}; only a file filter reads the observation
     * itself, for its metadata.
     */
    private static final String SEARCH_FILTERS = filters("s", "s.generated",
            "(SELECT fo.metadata FROM observations fo WHERE fo.id = s.observation_id)");

    /** The same filters on a row {@code e} of {@code observation_embeddings}, which has the same columns. */
    private static final String EMBEDDING_FILTERS = filters("e", "e.generated",
            "(SELECT fo.metadata FROM observations fo WHERE fo.id = e.observation_id)");

    /** The columns of a read, qualified. */
    private static final String READ_COLUMNS = """
            o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata, o.generation_key,
            o.created_by_job_id, o.created_at, o.updated_at""";

    /**
     * The query's words as a {@code tsquery}, stemmed and with English stop words dropped (as {@code to_tsvector}
     * does). {@code :match = 'all'}: read as {@code websearch_to_tsquery} reads them (every word, quoted phrases,
     * {@code or}, {@code -word}), as claude-mem does; {@code 'any'}: OR-ed, each one enough to match. A scalar
     * subquery, so that it is built once per statement rather than once per candidate row.
     */
    private static final String WORDS_QUERY = """
            SELECT (SELECT CASE WHEN :match::text = 'any'
                                THEN array_to_string(ARRAY(
                                         SELECT '''' || replace(lexeme, '''', '''''') || ''''
                                           FROM unnest(tsvector_to_array(to_tsvector('english', :query))) AS lexeme),
                                     ' | ')::tsquery
                                ELSE websearch_to_tsquery('english', :query) END)
                   AS query""";

    /**
     * The filtered observations the query's words find ({@link #WORDS_QUERY}), ranked by how often they hold
     * them ({@code ts_rank}), then newest first, as {@code id, created_at, rank}. It reads only
     * {@code observation_search}: ranking reads every match, and a common word matches a tenth of a project.
     * ({@code ts_rank_cd}, which also weighs how close the words are, cost three times as much per match.)
     */
    private static final String BY_WORDS = """
            SELECT s.observation_id AS id, s.created_at, ts_rank(s.search_vector, q.query) AS rank
              FROM (%s) q
              JOIN observation_search s ON s.search_vector @@ q.query
             WHERE s.team_id = :team AND s.project_id = :project
            %s
             ORDER BY rank DESC, s.created_at DESC, s.observation_id
            """.formatted(WORDS_QUERY, SEARCH_FILTERS);

    /**
     * Full-text search: what the query's words find ({@link #WORDS_QUERY}: all of them, or any of them with
     * {@code :match = 'any'}), the best matches first ({@link #BY_WORDS}), then the page's observations read.
     */
    public static final String SEARCH_FULLTEXT = """
            SELECT %s, w.rank
              FROM (%s
                     LIMIT :limit OFFSET :offset) w
              JOIN observations o ON o.id = w.id
             WHERE o.team_id = :team AND o.project_id = :project
             ORDER BY w.rank DESC, w.created_at DESC, o.id
            """.formatted(READ_COLUMNS, BY_WORDS);

    /** A project's newest observations under the same filters, newest first. */
    public static final String RECENT = """
            SELECT %s
              FROM observations o
             WHERE o.team_id = :team AND o.project_id = :project
            %s
             ORDER BY o.created_at DESC, o.id
             LIMIT :limit OFFSET :offset
            """.formatted(READ_COLUMNS, FILTERS);

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
     * The filtered observations nearest in meaning to {@code :embedding} (cosine distance), as
     * {@code id, distance}, nearest first: the HNSW index gives the candidates in order and the filters keep
     * those in scope. Without a limit of its own.
     */
    private static final String BY_MEANING = """
            SELECT e.observation_id AS id, e.embedding <=> :embedding::vector AS distance
              FROM observation_embeddings e
             WHERE e.team_id = :team AND e.project_id = :project AND e.embedding IS NOT NULL
            %s
             ORDER BY distance
            """.formatted(EMBEDDING_FILTERS);

    /**
     * The filtered observations nearest in meaning to {@code :embedding}, nearest first ({@link #BY_MEANING}), no
     * farther than {@code :maxDistance}. The cut-off applies to the page the index gave, so that a query near
     * nothing costs no deeper scan.
     */
    public static final String SEARCH_SEMANTIC = """
            SELECT %s
              FROM (%s
                     LIMIT :limit OFFSET :offset) n
              JOIN observations o ON o.id = n.id
             WHERE o.team_id = :team AND o.project_id = :project AND n.distance <= :maxDistance
             ORDER BY n.distance, o.created_at DESC, o.id
            """.formatted(READ_COLUMNS, BY_MEANING);

    /**
     * Full-text and semantic rankings fused by reciprocal rank fusion: each side ranks its best
     * {@code :depth} candidates (the meaning side only those within {@code :maxDistance}), an observation scores
     * the sum of 1 / (60 + rank) over the sides that found it,
     * best score first. Words and meaning each pull up what the other misses.
     */
    public static final String SEARCH_HYBRID = """
            WITH by_words AS (
                SELECT id, row_number() OVER (ORDER BY rank DESC, created_at DESC, id) AS r
                  FROM (%2$s
                         LIMIT :depth) best
            ), by_meaning AS (
                -- the nearest first through the HNSW index; ranks are numbered over those few rows only
                SELECT id, row_number() OVER (ORDER BY distance, id) AS r
                  FROM (%3$s
                         LIMIT :depth) nearest
                 WHERE distance <= :maxDistance
            ), fused AS (
                SELECT id, sum(1.0 / (60 + r)) AS score
                  FROM (SELECT id, r FROM by_words UNION ALL SELECT id, r FROM by_meaning) ranked
                 GROUP BY id
            )
            SELECT %1$s
              FROM fused JOIN observations o ON o.id = fused.id
             WHERE o.team_id = :team AND o.project_id = :project
             ORDER BY fused.score DESC, o.created_at DESC, o.id
             LIMIT :limit OFFSET :offset
            """.formatted(READ_COLUMNS, BY_WORDS, BY_MEANING);

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
