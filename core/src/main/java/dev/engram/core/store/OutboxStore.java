package dev.engram.core.store;

import dev.engram.core.sql.OutboxSql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The relay's side of {@code outbox}: claim due rows, mark them published, reconcile and clean up. */
public class OutboxStore {

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

    public void markPublished(List<OutboxRow> rows) {
        jdbc.sql(OutboxSql.MARK_PUBLISHED).param("ids", rows.stream().map(OutboxRow::id).toArray(UUID[]::new))
                .update();
    }

    public int deletePublishedBefore(Duration retention) {
        return jdbc.sql(OutboxSql.DELETE_PUBLISHED_BEFORE).param("retentionSeconds", seconds(retention)).update();
    }

    /** Gives stranded jobs a fresh row (see {@link OutboxSql#REPUBLISH_STRANDED}); returns how many. */
    /** Rows published in {@code [from, to)}. */
    public long countPublishedBetween(Instant from, Instant to) {
        return jdbc.sql(OutboxSql.COUNT_PUBLISHED_BETWEEN).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).query(Long.class).single();
    }

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
}
