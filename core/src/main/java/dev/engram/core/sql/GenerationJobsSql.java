package dev.engram.core.sql;

/**
 * SQL for {@code generation_jobs} and their append-only history, {@code generation_job_events}. Every
 * status change is a conditional update (so two deliveries can never both hold a job) followed by its
 * history row in the same transaction.
 */
public final class GenerationJobsSql {

    /** The columns of a job row, as the API reads them. */
    public static final String COLUMNS = """
            id, team_id, project_id, source_type, source_id, agent_event_id, server_session_id, job_type, status,
            attempts, max_attempts, next_attempt_at, enqueued_at, completed_at, failed_at, cancelled_at,
            last_error, created_at, updated_at""";

    /**
     * Jobs with their {@code queued} history rows and outbox rows, any number in one statement (one round
     * trip): {@code :jobs} is a JSON array of objects with the named fields (distinct ids, {@code ord} giving
     * the order). The history and outbox inserts read the job insert's RETURNING rows, so a job that already
     * exists (a repeated post, the second event of a debounce window) gets none of the three rows; RETURNING
     * lists the created jobs, and the caller reads the others with {@link #FIND_BY_KEYS}.
     */
    public static final String ENQUEUE_ALL = """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(:jobs::jsonb)
                         AS j(id text, team text, project text, source_type text, source_id text,
                              agent_event uuid, server_session uuid, job_type text, lane text, payload jsonb,
                              outbox_id uuid, trace text, available_at timestamptz, ord bigint)
            ), job AS (
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id,
                                             server_session_id, job_type, lane, payload)
                SELECT id, team, project, source_type, source_id, agent_event, server_session, job_type, lane,
                       payload
                  FROM input ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING %1$s
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'queued', status, attempts, '{}'::jsonb FROM job
            ), relay AS (
                %2$s
                SELECT i.outbox_id, i.lane, i.id, i.job_type, i.payload, i.trace, i.available_at
                  FROM input i JOIN job ON job.id = i.id
                 ORDER BY i.ord
            )
            SELECT %1$s FROM job
            """.formatted(COLUMNS, OutboxSql.INSERT);

    /** The jobs named by {@code :keys}, a JSON array of {id, team, project}: each inside its own tenant. */
    public static final String FIND_BY_KEYS = """
            SELECT %s FROM generation_jobs g
              JOIN jsonb_to_recordset(:keys::jsonb) AS k(id text, team text, project text)
                ON g.id = k.id AND g.team_id = k.team AND g.project_id = k.project
            """.formatted(Columns.qualified("g", COLUMNS));

    /** One job of the team, and of the key's project when {@code :project} is not null. */
    public static final String FIND_BY_ID = """
            SELECT %s FROM generation_jobs
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(COLUMNS);

    /**
     * The filters of a job listing; each is off when its parameter is null: {@code :project},
     * {@code :statuses}, {@code :sourceTypes} and {@code :lanes} (text[]), {@code :since} (creation time).
     * {@code team} is the tenant condition: the key's team for the API.
     */
    private static String listFilters(String team) {
        return """
                 WHERE %s
                   AND (:project::text IS NULL OR project_id = :project)
                   AND (:statuses::text[] IS NULL OR status = ANY(:statuses::text[]))
                   AND (:sourceTypes::text[] IS NULL OR source_type = ANY(:sourceTypes::text[]))
                   AND (:lanes::text[] IS NULL OR lane = ANY(:lanes::text[]))
                   AND (:since::timestamptz IS NULL OR created_at >= :since::timestamptz)""".formatted(team);
    }

    private static final String LIST_FILTERS = listFilters("team_id = :team");

    /** The same filters for an operator's tools, across every team when {@code :team} is null. */
    private static final String OPERATOR_FILTERS = listFilters("(:team::text IS NULL OR team_id = :team)");

    /** A page of the filtered jobs, newest first, with their lane and payload. */
    public static final String LIST = """
            SELECT %s, lane, payload FROM generation_jobs
            %s
             ORDER BY created_at DESC, id DESC
             LIMIT :limit OFFSET :offset
            """.formatted(COLUMNS, LIST_FILTERS);

    /** How many jobs the same filters keep. */
    public static final String COUNT = """
            SELECT count(*) FROM generation_jobs
            %s
            """.formatted(LIST_FILTERS);

    /** {@link #LIST} for operators: any team, or {@code :team} when not null. */
    public static final String LIST_FOR_OPERATOR = """
            SELECT %s, lane, payload FROM generation_jobs
            %s
             ORDER BY created_at DESC, id DESC
             LIMIT :limit OFFSET :offset
            """.formatted(COLUMNS, OPERATOR_FILTERS);

    /** One job of any team, with its lane and payload: what an operator's {@code engram jobs show} reads. */
    public static final String FIND_FOR_OPERATOR = """
            SELECT %s, lane, payload FROM generation_jobs WHERE id = :id
            """.formatted(COLUMNS);

    /** A job's history, oldest first. */
    public static final String HISTORY = """
            SELECT event_type, status, attempt, details, created_at FROM generation_job_events
             WHERE job_id = :id ORDER BY id
            """;

    /**
     * Per lane and status, over every team (or {@code :team}): how many jobs, how many of the queued ones the
     * relay has published, and when the oldest queued one was created.
     */
    public static final String STATUS_BY_LANE = """
            SELECT lane, status, count(*) AS n,
                   count(*) FILTER (WHERE status = 'queued' AND enqueued_at IS NOT NULL) AS published,
                   min(created_at) FILTER (WHERE status = 'queued') AS oldest_queued
              FROM generation_jobs
             WHERE (:team::text IS NULL OR team_id = :team)
             GROUP BY lane, status ORDER BY lane, status
            """;

    /**
     * The failed jobs a bulk requeue takes, in id order after {@code :after} (a keyset page of {@code :limit}):
     * of {@code :team}, {@code :lane}, failed in {@code [:since, :until)} and with {@code :error} in their last
     * error, each when not null (and of {@code :project}, for a project key).
     */
    public static final String FAILED_FOR_REQUEUE = """
            SELECT id, team_id FROM generation_jobs
             WHERE status = 'failed'
               AND (:team::text IS NULL OR team_id = :team)
               AND (:project::text IS NULL OR project_id = :project)
               AND (:lane::text IS NULL OR lane = :lane)
               AND (:since::timestamptz IS NULL OR failed_at >= :since::timestamptz)
               AND (:until::timestamptz IS NULL OR failed_at < :until::timestamptz)
               AND (:error::text IS NULL OR strpos(lower(last_error::text), lower(:error::text)) > 0)
               AND id > :after
             ORDER BY id
             LIMIT :limit
            """;

    /**
     * An operator's retry of a failed or cancelled job of the team (and of {@code :project} when not null): back
     * to {@code queued} with its lock and error cleared, at most {@code max_attempts - 1} attempts spent (so it
     * gets at least one more), {@code retried_count} bumped in its payload, a {@code queued} history row
     * ({@code :details}) and an outbox row to publish it again ({@code :outboxId}, {@code :trace}), in one
     * statement. No row when the job is in another state (or not in scope): nothing is published twice.
     */
    public static final String RETRY_BY_OPERATOR = requeue("'failed', 'cancelled'", "");

    /**
     * An operator's new run of a finished reindex job (completed, failed or cancelled), as
     * {@link #RETRY_BY_OPERATOR} does it: reindexing is idempotent, so running a scope again only recomputes it.
     * Reindex jobs only; no row for a job still queued or processing.
     */
    public static final String RERUN_REINDEX = requeue("'completed', 'failed', 'cancelled'", "AND job_type = 'reindex'");

    private static String requeue(String fromStatuses, String condition) {
        return """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'queued', attempts = LEAST(attempts, max_attempts - 1), locked_at = NULL,
                       locked_by = NULL, next_attempt_at = NULL, completed_at = NULL, failed_at = NULL,
                       cancelled_at = NULL, last_error = NULL, enqueued_at = NULL, updated_at = now(),
                       payload = jsonb_set(payload, '{retried_count}',
                                           to_jsonb(COALESCE((payload->>'retried_count')::int, 0) + 1))
                 WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
                   AND status IN (%3$s) %4$s
                RETURNING %1$s, lane, payload
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'queued', status, attempts, :details::jsonb FROM moved
            ), relay AS (
                %2$s
                SELECT :outboxId::uuid, lane, id, job_type, payload, :trace::text, NULL::timestamptz FROM moved
            )
            SELECT %1$s, (payload->>'retried_count')::int AS retried_count FROM moved
            """.formatted(COLUMNS, OutboxSql.INSERT, fromStatuses, condition);
    }

    /** How many of these jobs are in each status: what {@code engram reindex} follows. */
    public static final String STATUS_COUNTS_AMONG = """
            SELECT status, count(*) AS n FROM generation_jobs WHERE id = ANY(:ids) GROUP BY status
            """;

    /**
     * An operator's cancel of a queued, processing or failed job of the team (and of {@code :project} when not
     * null), with its {@code cancelled} history row ({@code :details}), in one statement. A processor holding
     * the job then loses its claim: its completion matches no row and its results roll back; a later delivery
     * finds nothing to claim.
     */
    public static final String CANCEL_BY_OPERATOR = """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'cancelled', cancelled_at = now(), locked_at = NULL, locked_by = NULL,
                       next_attempt_at = NULL, updated_at = now()
                 WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
                   AND status IN ('queued', 'processing', 'failed')
                RETURNING %s
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'cancelled', status, attempts, :details::jsonb FROM moved
            )
            SELECT %s FROM moved
            """.formatted(COLUMNS, COLUMNS);

    /** The retry count an operator's retries left in the job's payload (0 before any). */
    public static final String RETRIED_COUNT = """
            SELECT COALESCE((payload->>'retried_count')::int, 0) FROM generation_jobs
             WHERE id = :id AND team_id = :team
            """;

    /** Which of these jobs are terminal (completed, failed or cancelled): what {@code ?wait=true} polls. */
    public static final String TERMINAL_AMONG = """
            SELECT id FROM generation_jobs WHERE id = ANY(:ids) AND status IN ('completed', 'failed', 'cancelled')
            """;

    /** How many jobs of all tenants are not terminal yet: the pipeline's backlog. */
    public static final String COUNT_UNFINISHED = """
            SELECT count(*) FROM generation_jobs WHERE status IN ('queued', 'processing')
            """;

    /** How many of the team's jobs are in each lane and status. */
    public static final String COUNT_BY_LANE_AND_STATUS = """
            SELECT lane, status, count(*) AS n FROM generation_jobs
             WHERE team_id = :team GROUP BY lane, status ORDER BY lane, status
            """;

    /**
     * Per lane: the jobs ready to run — queued, due ({@code next_attempt_at} passed: a parked or backing-off job is
     * not), their outbox row, if unpublished, due too — and since when the longest-waiting of them has waited; of
     * {@code :team}, or of every team when it is null. A lane whose oldest ready job keeps ageing is not moving.
     * At most {@code :limit} jobs are counted, the longest untouched first (through the partial index of unfinished
     * jobs by {@code updated_at}), so a reading costs the same however large the backlog (uncapped, a backlog of
     * 340,000 jobs took 350 ms and a gigabyte of page reads every reading; capped at 10,000, 30-80 ms); a null limit
     * counts them all.
     */
    public static final String READY_BY_LANE = """
            SELECT r.lane, count(*) AS n,
                   min(GREATEST(r.updated_at, COALESCE(r.next_attempt_at, r.updated_at))) AS oldest
              FROM (SELECT g.lane, g.updated_at, g.next_attempt_at
                      FROM generation_jobs g
                     WHERE g.status = 'queued' AND (g.next_attempt_at IS NULL OR g.next_attempt_at <= now())
                       AND (:team::text IS NULL OR g.team_id = :team)
                       AND NOT %s
                     ORDER BY g.updated_at
                     LIMIT :limit) r
             GROUP BY r.lane
            """.formatted(OutboxSql.unpublishedRowOf("g.id", " AND o.available_at > now()"));

    /**
     * Run first in the transaction of a bounded health reading ({@link #READY_BY_LANE}, {@code OutboxSql}'s
     * {@code DUE_BACKLOG_BY_LANE}): sorts and bitmap scans off until it ends, so the reading walks its index in order
     * and stops at the limit, as the relay's session does for its claim ({@code OutboxSql.RELAY_SESSION_OPTIONS}). On
     * tables never analyzed Postgres estimated 341,000 queued jobs at 884 and read, probed and sorted all of them: 4.8 s
     * a reading, taken every 5 s.
     */
    public static final String WALK_INDEXES =
            "SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)";

    /** The columns a processor decides on. */
    private static final String WORK_COLUMNS = """
            id, team_id, project_id, source_id, job_type, status, attempts, max_attempts, agent_event_id,
            server_session_id""";

    /**
     * A job by id alone: a processor then checks the record's tenant against the row. {@code key_refusal} says
     * why the API key that created the job may no longer have work done for it ({@code revoked}, {@code expired},
     * {@code missing}), or is NULL when it may (or the job has no key: an operator's).
     */
    public static final String FIND_FOR_WORK = """
            SELECT %s,
                   CASE WHEN g.payload->>'api_key_id' IS NULL THEN NULL
                        WHEN k.id IS NULL THEN 'missing'
                        WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                        WHEN k.expires_at IS NOT NULL AND k.expires_at <= now() THEN 'expired'
                   END AS key_refusal
              FROM generation_jobs g
              LEFT JOIN api_keys k
                ON k.id = CASE WHEN g.payload->>'api_key_id' ~ '^[0-9a-fA-F-]{36}$'
                               THEN (g.payload->>'api_key_id')::uuid END
             WHERE g.id = :id
            """.formatted(Columns.qualified("g", WORK_COLUMNS));

    /** {@link #FIND_FOR_WORK} for the jobs of one batch of records, by id. */
    public static final String FIND_ALL_FOR_WORK = FIND_FOR_WORK.replace("WHERE g.id = :id",
            "WHERE g.id = ANY(" + GenericPlans.array(":ids", "text[]") + ")");

    /**
     * A job whose outbox row is not due yet: a debounce window still open. The built-in relay never publishes such a
     * row early, but a connector publishes at commit (ADR 0011), so a claim refuses the job until the window closed
     * and the relay, keeping house, gave it a fresh row.
     */
    private static final String NOT_DUE = OutboxSql.unpublishedRowOf("%s", " AND o.available_at > now()");

    /**
     * A queued job, or one whose previous claim outlived its lease (its processor died), claimed together
     * with its {@code processing} history row in one statement; not a job whose outbox row is not due yet.
     */
    public static final String CLAIM = """
            WITH claimed AS (
                UPDATE generation_jobs
                   SET status = 'processing', attempts = attempts + 1, locked_at = now(), locked_by = :token,
                       next_attempt_at = NULL, updated_at = now()
                 WHERE id = :id
                   AND (status = 'queued'
                        OR (status = 'processing' AND locked_at < now() - make_interval(secs => :leaseSeconds)))
                   AND NOT %2$s
                RETURNING %1$s
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'processing', status, attempts, '{}'::jsonb FROM claimed
            )
            SELECT %1$s FROM claimed
            """.formatted(WORK_COLUMNS, NOT_DUE.formatted("generation_jobs.id"));

    /**
     * {@link #CLAIM} for a batch of jobs under one token. Rows are locked in id order first (with the lock the UPDATE
     * takes anyway, which history inserts' foreign-key checks do not wait for), as {@link #MARK_RELAYED} locks them,
     * so two batches that share jobs (a record delivered twice across a rebalance), or a batch and the relay, wait
     * for each other instead of deadlocking; a job another delivery moved meanwhile drops out when its lock is
     * granted.
     */
    public static final String CLAIM_ALL = """
            WITH candidates AS (
                SELECT id FROM generation_jobs
                 WHERE id = ANY(%4$s)
                   AND (status = 'queued'
                        OR (status = 'processing' AND locked_at < now() - make_interval(secs => :leaseSeconds)))
                   AND NOT %3$s
                 ORDER BY id
                   FOR NO KEY UPDATE
            ), claimed AS (
                UPDATE generation_jobs g
                   SET status = 'processing', attempts = g.attempts + 1, locked_at = now(), locked_by = :token,
                       next_attempt_at = NULL, updated_at = now()
                 WHERE g.id = ANY(ARRAY(SELECT id FROM candidates))
                RETURNING %1$s
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'processing', status, attempts, '{}'::jsonb FROM claimed
            )
            SELECT %2$s FROM claimed
            """.formatted(Columns.qualified("g", WORK_COLUMNS), WORK_COLUMNS, NOT_DUE.formatted("generation_jobs.id"),
            GenericPlans.array(":ids", "text[]"));

    /**
     * {@link #COMPLETE} for a batch: {@code :rows} is a JSON array of {@code {id, token, attempt, details}}, one per
     * job; the statement's row count is how many of them completed (a job whose claim was lost is left alone).
     */
    public static final String COMPLETE_ALL = """
            WITH rows AS (
                SELECT * FROM jsonb_to_recordset(:rows::jsonb) AS r(id text, token text, attempt int, details jsonb)
            ), moved AS (
                UPDATE generation_jobs g
                   SET status = 'completed', completed_at = now(), locked_at = NULL, locked_by = NULL,
                       last_error = NULL, updated_at = now()
                  FROM rows r
                 WHERE g.id = ANY(ARRAY(SELECT id FROM rows)) AND g.id = r.id
                   AND g.status = 'processing' AND g.locked_by = r.token
                RETURNING g.id, g.team_id, g.project_id, r.attempt, r.details
            )
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
            SELECT id, team_id, project_id, 'completed', 'completed', attempt, details FROM moved
            """;

    /**
     * The history row of a transition, appended by the same statement that made it (the UPDATE in CTE
     * {@code moved}); the statement's row count says whether the job moved.
     */
    private static final String HISTORY_OF_MOVED = """
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
            SELECT id, team_id, project_id, :eventType, :status, :attempt, :details::jsonb FROM moved
            """;

    public static final String COMPLETE = """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'completed', completed_at = now(), locked_at = NULL, locked_by = NULL,
                       last_error = NULL, updated_at = now()
                 WHERE id = :id AND status = 'processing' AND locked_by = :token
                RETURNING id, team_id, project_id
            )
            """ + HISTORY_OF_MOVED;

    public static final String RETRY_LATER = """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'queued', locked_at = NULL, locked_by = NULL, updated_at = now(),
                       next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error::jsonb
                 WHERE id = :id AND status = 'processing' AND locked_by = :token
                RETURNING id, team_id, project_id
            )
            """ + HISTORY_OF_MOVED;

    /**
     * Parks a job this delivery holds until {@code :until} (its project is over its daily token budget): back to
     * {@code queued} with {@code next_attempt_at} then, the claim's attempt given back (parking is not a failure),
     * {@code last_error} saying why. The reconciler publishes it again once {@code next_attempt_at} has passed.
     */
    public static final String PARK = """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'queued', attempts = GREATEST(attempts - 1, 0), locked_at = NULL, locked_by = NULL,
                       updated_at = now(), next_attempt_at = :until::timestamptz, last_error = :error::jsonb
                 WHERE id = :id AND status = 'processing' AND locked_by = :token
                RETURNING id, team_id, project_id
            )
            """ + HISTORY_OF_MOVED;

    public static final String FAIL = """
            WITH moved AS (
                UPDATE generation_jobs
                   SET status = 'failed', failed_at = now(), locked_at = NULL, locked_by = NULL, updated_at = now(),
                       last_error = :error::jsonb
                 WHERE id = :id AND status = 'processing' AND locked_by = :token
                RETURNING id, team_id, project_id
            )
            """ + HISTORY_OF_MOVED;

    /**
     * The broker acknowledged (or a connector's slot confirmed) these outbox rows ({@code :rows}): mark them published
     * and their jobs ({@code :ids}) enqueued, each stamped {@code enqueued_at} with an {@code enqueued} history row,
     * in one statement. The jobs are locked in id order, as {@link #CLAIM_ALL} locks them, so a processor claiming a
     * batch of the same jobs waits for the relay (or the relay for it) instead of deadlocking.
     */
    public static final String MARK_RELAYED = """
            WITH published AS (%s
            ), locked AS (
                SELECT id FROM generation_jobs WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE
            ), enqueued AS (
                UPDATE generation_jobs g SET enqueued_at = now()
                 WHERE g.id = ANY(ARRAY(SELECT id FROM locked))
                RETURNING g.id, g.team_id, g.project_id, g.status, g.attempts)
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt)
            SELECT id, team_id, project_id, 'enqueued', status, attempts FROM enqueued
            """.formatted(OutboxSql.MARK_PUBLISHED, GenericPlans.array(":ids", "text[]"));

    public static final String DELETE_PROJECT_HISTORY =
            "DELETE FROM generation_job_events WHERE team_id = :team AND project_id = :project";

    public static final String DELETE_PROJECT =
            "DELETE FROM generation_jobs WHERE team_id = :team AND project_id = :project";

    private GenerationJobsSql() {
    }
}
