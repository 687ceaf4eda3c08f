package dev.engram.core.store;

import dev.engram.core.sql.OutboxSql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's side of {@code outbox}: claim due rows and mark them published (or, when a connector publishes, confirm
 * what its slot streamed), reconcile and clean up.
 */
public class OutboxStore {

    /**
     * The server settings (the JDBC {@code options} property) a session this store runs on should be opened with: the
     * relay's claim then walks the index of unpublished rows in order, with or without statistics
     * ({@link OutboxSql#RELAY_SESSION_OPTIONS}).
     */
    public static final String SESSION_OPTIONS = OutboxSql.RELAY_SESSION_OPTIONS;

    private final JdbcClient jdbc;

    public OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} due rows in write order, locked until the caller's transaction ends. */
    public List<OutboxRow> claimDue(int limit) {
        return jdbc.sql(OutboxSql.CLAIM_DUE).param("limit", limit)
                .query((rs, row) -> new OutboxRow(rs.getObject("id", UUID.class), rs.getString("aggregatetype"),
                        rs.getString("aggregateid"), rs.getString("type"), rs.getString("payload"),
                        rs.getString("tracingspancontext")))
                .list();
    }

    /**
     * Up to {@code limit} rows a connector publishes at commit and nobody marked published yet, oldest first, with
     * a WAL position they all committed before (see {@link OutboxSql#UNCONFIRMED}); null when there are none.
     */
    public @Nullable Unconfirmed unconfirmed(int limit) {
        List<Long> positions = new ArrayList<>();
        List<PendingRow> rows = jdbc.sql(OutboxSql.UNCONFIRMED).param("limit", limit)
                .query((rs, n) -> {
                    positions.add(rs.getLong("position"));
                    return new PendingRow(rs.getObject("id", UUID.class), rs.getString("aggregateid"));
                })
                .list();
        return rows.isEmpty() ? null : new Unconfirmed(Collections.max(positions), rows);
    }

    /** Marks due debounce rows published, each with a fresh row (see {@link OutboxSql#REISSUE_DUE_DEFERRED}). */
    public int reissueDueDeferred(int limit) {
        return jdbc.sql(OutboxSql.REISSUE_DUE_DEFERRED).param("limit", limit).update();
    }

    /** The replication slot {@code name}, if it exists and has confirmed a position. */
    public Optional<SlotProgress> slot(String name) {
        return jdbc.sql(OutboxSql.SLOT_PROGRESS).param("slot", name)
                .query((rs, n) -> new SlotProgress(rs.getLong("confirmed"), rs.getBoolean("active")))
                .optional();
    }

    public int deletePublishedBefore(Duration retention) {
        return jdbc.sql(OutboxSql.DELETE_PUBLISHED_BEFORE).param("retentionSeconds", seconds(retention)).update();
    }

    /** Writes row {@code id} again unchanged (see {@link OutboxSql#TOUCH}). */
    public void touch(UUID id) {
        jdbc.sql(OutboxSql.TOUCH).param("id", id).update();
    }

    /** Rows published in {@code [from, to)}. */
    public long countPublishedBetween(Instant from, Instant to) {
        return jdbc.sql(OutboxSql.COUNT_PUBLISHED_BETWEEN).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).query(Long.class).single();
    }

    /** Gives stranded jobs a fresh row (see {@link OutboxSql#REPUBLISH_STRANDED}); returns how many. */
    public int republishStranded(Duration republishAfter, Duration processingLease, int limit) {
        return jdbc.sql(OutboxSql.REPUBLISH_STRANDED)
                .param("republishAfterSeconds", seconds(republishAfter))
                .param("leaseSeconds", seconds(processingLease))
                .param("limit", limit)
                .update();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Per lane, the rows not published yet and the time the oldest was written. */
    public List<LaneBacklog> backlogByLane() {
        return jdbc.sql(OutboxSql.BACKLOG_BY_LANE)
                .query((rs, n) -> new LaneBacklog(rs.getString("lane"), rs.getLong("n"),
                        rs.getTimestamp("oldest").toInstant()))
                .list();
    }

    /** A lane's unpublished outbox rows. */
    public record LaneBacklog(String lane, long rows, Instant oldest) {
    }

    /** An outbox row waiting for the connector's confirmation, and its job. */
    public record PendingRow(UUID id, String jobId) {
    }

    /** Rows that all committed before WAL {@code position}. */
    public record Unconfirmed(long position, List<PendingRow> rows) {
    }

    /**
     * A replication slot's progress.
     *
     * @param confirmed the WAL position its reader confirmed
     * @param active whether a reader is attached
     */
    public record SlotProgress(long confirmed, boolean active) {
    }
}
