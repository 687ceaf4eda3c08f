package dev.engram.core.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves jobs through their states with conditional updates, so two deliveries of one record can never
 * both hold a job, and appends a history row for every transition in the same transaction.
 */

public class GenerationJobStore {

    private static final String FIND = """
            SELECT id, team_id, project_id, source_id, job_type, status, attempts, max_attempts, agent_event_id,
                   server_session_id
              FROM generation_jobs WHERE id = :id
            """;

    /** A queued job, or one whose previous claim outlived its lease (its processor died). */
    private static final String CLAIM = """
            UPDATE generation_jobs
               SET status = 'processing', attempts = attempts + 1, locked_at = now(), locked_by = :token,
                   next_attempt_at = NULL, updated_at = now()
             WHERE id = :id
               AND (status = 'queued'
                    OR (status = 'processing' AND locked_at < now() - make_interval(secs => :leaseSeconds)))
            RETURNING id, team_id, project_id, source_id, job_type, status, attempts, max_attempts, agent_event_id,
                      server_session_id
            """;

    private static final String COMPLETE = """
            UPDATE generation_jobs
               SET status = 'completed', completed_at = now(), locked_at = NULL, locked_by = NULL,
                   last_error = NULL, updated_at = now()
             WHERE id = :id AND status = 'processing' AND locked_by = :token
            """;

    private static final String RETRY_LATER = """
            UPDATE generation_jobs
               SET status = 'queued', locked_at = NULL, locked_by = NULL, updated_at = now(),
                   next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error::jsonb
             WHERE id = :id AND status = 'processing' AND locked_by = :token
            """;

    private static final String FAIL = """
            UPDATE generation_jobs
               SET status = 'failed', failed_at = now(), locked_at = NULL, locked_by = NULL, updated_at = now(),
                   last_error = :error::jsonb
             WHERE id = :id AND status = 'processing' AND locked_by = :token
            """;

    private static final String APPEND_EVENT = """
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
            VALUES (:job, :team, :project, :eventType, :status, :attempt, :details::jsonb)
            """;

    private final JdbcClient jdbc;

    public GenerationJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<GenerationJob> find(String id) {
        return jdbc.sql(FIND).param("id", id).query(GenerationJobStore::map).optional();
    }

    /** Claims the job for this delivery; empty when it is not claimable (done, failed, or held by another). */
    public Optional<GenerationJob> claim(String id, UUID token, Duration lease) {
        Optional<GenerationJob> claimed = jdbc.sql(CLAIM).param("id", id).param("token", token.toString())
                .param("leaseSeconds", lease.toMillis() / 1000.0)
                .query(GenerationJobStore::map).optional();
        claimed.ifPresent(job -> appendEvent(job, "processing", "processing", "{}"));
        return claimed;
    }

    /** Completes a job this delivery holds; false when the claim was lost (cancelled or taken over). */
    public boolean complete(GenerationJob job, UUID token, String detailsJson) {
        int updated = jdbc.sql(COMPLETE).param("id", job.id()).param("token", token.toString()).update();
        if (updated == 1) {
            appendEvent(job, "completed", "completed", detailsJson);
        }
        return updated == 1;
    }

    public boolean retryLater(GenerationJob job, UUID token, Duration delay, String errorJson) {
        int updated = jdbc.sql(RETRY_LATER).param("id", job.id()).param("token", token.toString())
                .param("delaySeconds", delay.toMillis() / 1000.0).param("error", errorJson).update();
        if (updated == 1) {
            appendEvent(job, "retry_scheduled", "queued", errorJson);
        }
        return updated == 1;
    }

    public boolean fail(GenerationJob job, UUID token, String errorJson) {
        int updated = jdbc.sql(FAIL).param("id", job.id()).param("token", token.toString())
                .param("error", errorJson).update();
        if (updated == 1) {
            appendEvent(job, "failed", "failed", errorJson);
        }
        return updated == 1;
    }

    private void appendEvent(GenerationJob job, String eventType, String status, String detailsJson) {
        jdbc.sql(APPEND_EVENT).param("job", job.id()).param("team", job.teamId()).param("project", job.projectId())
                .param("eventType", eventType).param("status", status).param("attempt", job.attempts())
                .param("details", detailsJson).update();
    }

    private static GenerationJob map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new GenerationJob(rs.getString("id"), rs.getString("team_id"), rs.getString("project_id"),
                rs.getString("source_id"), rs.getString("job_type"), rs.getString("status"), rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getObject("agent_event_id", UUID.class), rs.getObject("server_session_id", UUID.class));
    }
}
