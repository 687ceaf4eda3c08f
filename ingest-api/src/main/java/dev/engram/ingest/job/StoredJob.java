package dev.engram.ingest.job;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import dev.engram.core.job.SourceType;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A {@code generation_jobs} row as stored. */
public record StoredJob(
        String id,
        String teamId,
        String projectId,
        SourceType sourceType,
        String sourceId,
        @Nullable UUID agentEventId,
        @Nullable UUID serverSessionId,
        JobKind kind,
        JobStatus status,
        int attempts,
        int maxAttempts,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant enqueuedAt,
        @Nullable Instant completedAt,
        @Nullable Instant failedAt,
        @Nullable Instant cancelledAt,
        @Nullable String lastErrorJson,
        Instant createdAt,
        Instant updatedAt) {

    static StoredJob from(Readable row) {
        Json lastError = row.get("last_error", Json.class);
        return new StoredJob(
                row.get("id", String.class),
                row.get("team_id", String.class),
                row.get("project_id", String.class),
                SourceType.fromWireName(row.get("source_type", String.class)),
                row.get("source_id", String.class),
                row.get("agent_event_id", UUID.class),
                row.get("server_session_id", UUID.class),
                JobKind.fromWireName(row.get("job_type", String.class)),
                JobStatus.fromWireName(row.get("status", String.class)),
                row.get("attempts", Integer.class),
                row.get("max_attempts", Integer.class),
                row.get("next_attempt_at", Instant.class),
                row.get("enqueued_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("failed_at", Instant.class),
                row.get("cancelled_at", Instant.class),
                lastError == null ? null : lastError.asString(),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    /** {@code enqueued} once the relay saw the broker acknowledge the job, {@code queued_only} before. */
    public String transport() {
        return enqueuedAt != null ? "enqueued" : "queued_only";
    }
}
