package dev.engram.core.sql;

/**
 * SQL for {@code outbox} (Debezium's Outbox Event Router columns plus the built-in relay's {@code seq} and
 * {@code published_at}). Rows are written in one shape, {@link #INSERT}, followed by the row source.
 */
public final class OutboxSql {

    /** The one insert shape; a statement appends the SELECT that supplies the seven values. */
    public static final String INSERT =
            "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tracingspancontext, available_at)";

    /** Per lane: how many rows the relay has not published yet, and when the oldest of them was written. */
    public static final String BACKLOG_BY_LANE = """
            SELECT aggregatetype AS lane, count(*) AS n, min(created_at) AS oldest
              FROM outbox WHERE published_at IS NULL GROUP BY aggregatetype ORDER BY aggregatetype
            """;

    /**
     * Per lane: the rows due for publishing that the relay has not published yet, and since when the longest-waiting
     * of them has been due (a debounce window's row is due once the window closed); what health calls the backlog.
     * At most {@code :limit} rows are counted, the oldest first (through the index of unpublished rows), so a reading
     * costs the same however far the relay is behind.
     */
    public static final String DUE_BACKLOG_BY_LANE = """
            SELECT d.lane, count(*) AS n, min(d.due) AS oldest
              FROM (SELECT aggregatetype AS lane, GREATEST(created_at, COALESCE(available_at, created_at)) AS due
                      FROM outbox
                     WHERE published_at IS NULL AND (available_at IS NULL OR available_at <= now())
                     ORDER BY seq
                     LIMIT :limit) d
             GROUP BY d.lane
            """;

    /**
     * The planner settings of the relay's own session (the JDBC {@code options} property). Every statement the relay
     * runs walks an index: {@link #CLAIM_DUE} the unpublished rows in write order, its marks and the reconciler's
     * probes primary or job keys. Without statistics (a new or truncated outbox; this machine runs without autovacuum)
     * Postgres estimated a backlog of 100,000 unpublished rows at 82, and claimed by reading and sorting all of them,
     * so the further the relay fell behind the longer each claim took (525 ms for 500 rows out of 164,000). Sorts and
     * bitmap scans off leave it the index's order: 0.65 ms for the same claim.
     */
    public static final String RELAY_SESSION_OPTIONS = "-c enable_sort=off -c enable_bitmapscan=off";

    /** The next rows due for publishing, in write order, locked against a second relay. */
    public static final String CLAIM_DUE = """
            SELECT id, aggregatetype, aggregateid, type, payload::text AS payload, tracingspancontext
              FROM outbox
             WHERE published_at IS NULL
               AND (available_at IS NULL OR available_at <= now())
             ORDER BY seq
             LIMIT :limit
               FOR UPDATE SKIP LOCKED
            """;

    /**
     * Whether the job {@code job} (an SQL expression) has an outbox row not published yet that also meets {@code also}
     * (empty, or {@code " AND "} and a condition on {@code o}). The job's rows are looked up behind an {@code OFFSET 0}
     * fence and {@code published_at} is tested outside it, so only the index of rows by job ({@code outbox_job_idx})
     * can serve the lookup: with the condition inside, {@code outbox_unpublished_idx} could too, and on statistics
     * taken while nothing was unpublished Postgres chose it and read every unpublished row for every job (V13).
     */
    public static String unpublishedRowOf(String job, String also) {
        return """
                EXISTS (SELECT 1 FROM (SELECT o.published_at FROM outbox o WHERE o.aggregateid = %s%s OFFSET 0) o
                         WHERE o.published_at IS NULL)""".formatted(job, also);
    }

    public static final String MARK_PUBLISHED =
            "UPDATE outbox SET published_at = now() WHERE id = ANY(" + GenericPlans.array(":rows", "uuid[]") + ")";

    /*
     * When a Kafka Connect connector publishes the outbox (engram.relay.publisher=connector, ADR 0011) the relay
     * only keeps house: it publishes nothing, and marks a row published once the connector's replication slot has
     * confirmed a WAL position the row committed before.
     */

    /**
     * Rows the connector published at commit and has not been seen to confirm, oldest first, with a WAL position
     * every one of them committed before: the insert position, read after the statement took its snapshot.
     * A debounce window's row is not among them (see {@link #REISSUE_DUE_DEFERRED}).
     */
    public static final String UNCONFIRMED = """
            SELECT id, aggregateid, (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS position
              FROM outbox
             WHERE published_at IS NULL AND available_at IS NULL
             ORDER BY seq
             LIMIT :limit
            """;

    /**
     * Rows of debounce windows that came due, each marked published and given a fresh row the connector publishes
     * now: it published the first one at commit, before the window closed, and a processor refused the job then
     * ({@code GenerationJobsSql.CLAIM} takes no job whose outbox row is not due yet).
     */
    public static final String REISSUE_DUE_DEFERRED = """
            WITH due AS (
                SELECT id FROM outbox
                 WHERE published_at IS NULL AND available_at IS NOT NULL AND available_at <= now()
                 ORDER BY seq
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED
            ), marked AS (
                UPDATE outbox o SET published_at = now() FROM due WHERE o.id = due.id
                RETURNING o.seq, o.aggregatetype, o.aggregateid, o.type, o.payload, o.tracingspancontext
            )
            """ + INSERT + """

            SELECT uuid_v7(), aggregatetype, aggregateid, type, payload, tracingspancontext, NULL
              FROM marked ORDER BY seq
            """;

    /**
     * The connector's replication slot: the WAL position it confirmed and whether a connector is attached. No row: the
     * slot does not exist.
     */
    public static final String SLOT_PROGRESS = """
            SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint AS confirmed, active
              FROM pg_replication_slots
             WHERE slot_name = :slot AND confirmed_flush_lsn IS NOT NULL
            """;

    public static final String DELETE_PUBLISHED_BEFORE = """
            DELETE FROM outbox
             WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => :retentionSeconds)
            """;

    /**
     * A fresh row for each job that should be on Kafka but may not be: queued jobs whose last publish (or
     * creation) is older than the republish delay, and processing jobs whose lease ran out, neither with a
     * pending outbox row. Each branch reads only jobs untouched for longer than its delay, through the
     * partial index of unfinished jobs by {@code updated_at} (set at creation, claim and retry), oldest first,
     * and stops at the limit: a pass does not read the young backlog, with or without statistics. (A retried
     * job counts from its retry, so it may wait one delay longer than its last publish alone would say.)
     */
    public static final String REPUBLISH_STRANDED = INSERT + """

            SELECT uuid_v7(), j.lane, j.id, j.job_type, j.payload, NULL, NULL
              FROM ((SELECT q.lane, q.id, q.job_type, q.payload
                       FROM generation_jobs q
                      WHERE q.status = 'queued'
                        AND q.updated_at < now() - make_interval(secs => :republishAfterSeconds)
                        AND COALESCE(q.enqueued_at, q.created_at) < now() - make_interval(secs => :republishAfterSeconds)
                        AND (q.next_attempt_at IS NULL OR q.next_attempt_at <= now())
                        AND NOT %1$s
                      ORDER BY q.updated_at
                      LIMIT :limit)
                    UNION ALL
                    (SELECT p.lane, p.id, p.job_type, p.payload
                       FROM generation_jobs p
                      WHERE p.status = 'processing'
                        AND p.updated_at < now() - make_interval(secs => :leaseSeconds)
                        AND p.locked_at < now() - make_interval(secs => :leaseSeconds)
                        AND NOT %2$s
                      ORDER BY p.updated_at
                      LIMIT :limit)) j
             LIMIT :limit
            """.formatted(unpublishedRowOf("q.id", ""), unpublishedRowOf("p.id", ""));

    /**
     * Writes one row again unchanged: a change on the published table committed after everything before it, which a
     * connector streams (and skips, being an update) and so confirms past.
     */
    public static final String TOUCH = "UPDATE outbox SET seq = seq WHERE id = :id";

    /** Outbox rows carry no tenant columns; they are found through the project's jobs, so before those go. */
    public static final String DELETE_PROJECT = """
            DELETE FROM outbox
             WHERE aggregateid IN (SELECT id FROM generation_jobs WHERE team_id = :team AND project_id = :project)
            """;

    /** How many rows were published in {@code [:from, :to)}: the relay's throughput over that time. */
    public static final String COUNT_PUBLISHED_BETWEEN = """
            SELECT count(*) FROM outbox WHERE published_at >= :from AND published_at < :to
            """;

    private OutboxSql() {
    }
}
