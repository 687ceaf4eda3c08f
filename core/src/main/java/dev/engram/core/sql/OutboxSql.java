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
     */
    public static final String DUE_BACKLOG_BY_LANE = """
            SELECT aggregatetype AS lane, count(*) AS n,
                   min(GREATEST(created_at, COALESCE(available_at, created_at))) AS oldest
              FROM outbox
             WHERE published_at IS NULL AND (available_at IS NULL OR available_at <= now())
             GROUP BY aggregatetype
            """;

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

    public static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)";

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

            SELECT gen_random_uuid(), j.lane, j.id, j.job_type, j.payload, NULL, NULL
              FROM ((SELECT q.lane, q.id, q.job_type, q.payload
                       FROM generation_jobs q
                      WHERE q.status = 'queued'
                        AND q.updated_at < now() - make_interval(secs => :republishAfterSeconds)
                        AND COALESCE(q.enqueued_at, q.created_at) < now() - make_interval(secs => :republishAfterSeconds)
                        AND (q.next_attempt_at IS NULL OR q.next_attempt_at <= now())
                        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregateid = q.id AND o.published_at IS NULL)
                      ORDER BY q.updated_at
                      LIMIT :limit)
                    UNION ALL
                    (SELECT p.lane, p.id, p.job_type, p.payload
                       FROM generation_jobs p
                      WHERE p.status = 'processing'
                        AND p.updated_at < now() - make_interval(secs => :leaseSeconds)
                        AND p.locked_at < now() - make_interval(secs => :leaseSeconds)
                        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregateid = p.id AND o.published_at IS NULL)
                      ORDER BY p.updated_at
                      LIMIT :limit)) j
             LIMIT :limit
            """;

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
