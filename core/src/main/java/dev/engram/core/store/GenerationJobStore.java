package dev.engram.core.store;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import dev.engram.core.sql.GenerationJobsSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves jobs through their states with conditional updates, so two deliveries of one record can never
 * both hold a job, and appends a history row for every transition in the same transaction.
 */
public class GenerationJobStore {

    private final JdbcClient jdbc;

    public GenerationJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<GenerationJob> find(String id) {
        return jdbc.sql(GenerationJobsSql.FIND_FOR_WORK).param("id", id).query(GenerationJobStore::map).optional();
    }

    /** Claims the job for this delivery; empty when it is not claimable (done, failed, or held by another). */
    public Optional<GenerationJob> claim(String id, UUID token, Duration lease) {
        // The claim and its history row are one statement.
        return jdbc.sql(GenerationJobsSql.CLAIM).param("id", id)
                .param("token", token.toString())
                .param("leaseSeconds", seconds(lease))
                .query(GenerationJobStore::map).optional();
    }

    /** Completes a job this delivery holds; false when the claim was lost (cancelled or taken over). */
    public boolean complete(GenerationJob job, UUID token, String detailsJson) {
        return transition(GenerationJobsSql.COMPLETE, job, token, null, null, "completed", JobStatus.COMPLETED,
                detailsJson);
    }

    public boolean retryLater(GenerationJob job, UUID token, Duration delay, String errorJson) {
        return transition(GenerationJobsSql.RETRY_LATER, job, token, delay, errorJson, "retry_scheduled",
                JobStatus.QUEUED, errorJson);
    }

    public boolean fail(GenerationJob job, UUID token, String errorJson) {
        return transition(GenerationJobsSql.FAIL, job, token, null, errorJson, "failed", JobStatus.FAILED,
                errorJson);
    }

    /** The relay saw the broker acknowledge these jobs' records. */
    /** Which of these jobs are terminal; see {@link GenerationJobsSql#TERMINAL_AMONG}. */
    public List<String> terminalAmong(Collection<String> jobIds) {
        return jdbc.sql(GenerationJobsSql.TERMINAL_AMONG).param("ids", jobIds.toArray(String[]::new))
                .query(String.class).list();
    }

    /** Jobs of every tenant not terminal yet (queued or processing). */
    public long countUnfinished() {
        return jdbc.sql(GenerationJobsSql.COUNT_UNFINISHED).query(Long.class).single();
    }

    public void markEnqueued(Collection<String> jobIds) {
        jdbc.sql(GenerationJobsSql.MARK_ENQUEUED).param("ids", jobIds.toArray(String[]::new)).update();
    }

    private boolean transition(String sql, GenerationJob job, UUID token, @Nullable Duration delay,
            @Nullable String errorJson, String eventType, JobStatus status, String detailsJson) {
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("id", job.id()).param("token", token.toString());
        if (delay != null) {
            statement = statement.param("delaySeconds", seconds(delay));
        }
        if (errorJson != null) {
            statement = statement.param("error", errorJson);
        }
        // The UPDATE and its history row are one statement; a row inserted means the job moved.
        return statement.param("eventType", eventType).param("status", status.wireName())
                .param("attempt", job.attempts()).param("details", detailsJson).update() == 1;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static GenerationJob map(ResultSet rs, int row) throws SQLException {
        return new GenerationJob(rs.getString("id"), rs.getString("team_id"), rs.getString("project_id"),
                rs.getString("source_id"), JobKind.fromWireName(rs.getString("job_type")),
                JobStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getObject("agent_event_id", UUID.class), rs.getObject("server_session_id", UUID.class));
    }
}
