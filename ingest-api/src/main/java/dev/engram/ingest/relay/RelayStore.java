package dev.engram.ingest.relay;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The relay's SQL, run on its one dedicated JDBC session. */
final class RelayStore {

    private static final String CLAIM = """
            SELECT id, aggregatetype, aggregateid, type, payload::text AS payload, tracingspancontext
              FROM outbox
             WHERE published_at IS NULL
               AND (available_at IS NULL OR available_at <= now())
             ORDER BY seq
             LIMIT ?
               FOR UPDATE SKIP LOCKED
            """;

    private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY(?)";

    private static final String MARK_ENQUEUED = """
            WITH enqueued AS (
                UPDATE generation_jobs SET enqueued_at = now()
                 WHERE id = ANY(?)
                RETURNING id, team_id, project_id, status, attempts)
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt)
            SELECT id, team_id, project_id, 'enqueued', status, attempts FROM enqueued
            """;

    private static final String DELETE_PUBLISHED =
            "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ?)";

    /**
     * Jobs that should be on Kafka but may not be: queued jobs whose last publish (or creation) is older
     * than the republish delay, and processing jobs whose lease ran out, neither with a pending outbox row.
     */
    private static final String REPUBLISH_STRANDED = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
            SELECT gen_random_uuid(), j.lane, j.id, j.job_type, j.payload
              FROM generation_jobs j
             WHERE ((j.status = 'queued'
                     AND COALESCE(j.enqueued_at, j.created_at) < now() - make_interval(secs => ?)
                     AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= now()))
                 OR (j.status = 'processing' AND j.locked_at < now() - make_interval(secs => ?)))
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregateid = j.id AND o.published_at IS NULL)
             ORDER BY j.created_at
             LIMIT ?
            """;

    private RelayStore() {
    }

    static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN engram_outbox");
        }
    }

    static List<OutboxRecord> claim(Connection connection, int limit) throws SQLException {
        List<OutboxRecord> records = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    records.add(new OutboxRecord(rs.getObject("id", UUID.class), rs.getString("aggregatetype"),
                            rs.getString("aggregateid"), rs.getString("type"), rs.getString("payload"),
                            rs.getString("tracingspancontext")));
                }
            }
        }
        return records;
    }

    static void markPublished(Connection connection, List<OutboxRecord> records) throws SQLException {
        Array ids = connection.createArrayOf("uuid", records.stream().map(OutboxRecord::id).toArray());
        try (PreparedStatement statement = connection.prepareStatement(MARK_PUBLISHED)) {
            statement.setArray(1, ids);
            statement.executeUpdate();
        }
        Array jobIds = connection.createArrayOf("text", records.stream().map(OutboxRecord::jobId).distinct().toArray());
        try (PreparedStatement statement = connection.prepareStatement(MARK_ENQUEUED)) {
            statement.setArray(1, jobIds);
            statement.executeUpdate();
        }
    }

    static int deletePublishedBefore(Connection connection, double retentionSeconds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PUBLISHED)) {
            statement.setDouble(1, retentionSeconds);
            return statement.executeUpdate();
        }
    }

    static int republishStranded(Connection connection, double republishAfterSeconds, double leaseSeconds, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REPUBLISH_STRANDED)) {
            statement.setDouble(1, republishAfterSeconds);
            statement.setDouble(2, leaseSeconds);
            statement.setInt(3, limit);
            return statement.executeUpdate();
        }
    }
}
