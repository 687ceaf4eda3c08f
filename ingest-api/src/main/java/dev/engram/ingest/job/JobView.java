package dev.engram.ingest.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The full job of {@code GET /v1/jobs/{id}}, in claude-mem's shape (times as epoch ms, explicit nulls).
 *
 * @param lastError {@code {reason, classification}} of the last failure, or null
 */
public record JobView(
        String id,
        String projectId,
        String teamId,
        String sourceType,
        String sourceId,
        @Nullable String agentEventId,
        @Nullable String serverSessionId,
        String jobType,
        String status,
        String bullmqJobId,
        String transport,
        int attempts,
        int maxAttempts,
        @Nullable Long nextAttemptAtEpoch,
        @Nullable Long completedAtEpoch,
        @Nullable Long failedAtEpoch,
        @Nullable Long cancelledAtEpoch,
        @Nullable JsonNode lastError,
        long createdAtEpoch,
        long updatedAtEpoch) {

    public static JobView of(StoredJob job, JsonMapper mapper) {
        return new JobView(job.id(), job.projectId(), job.teamId(), job.sourceType().wireName(), job.sourceId(),
                job.agentEventId() == null ? null : job.agentEventId().toString(),
                job.serverSessionId() == null ? null : job.serverSessionId().toString(),
                job.kind().wireName(), job.status().wireName(), job.id(), job.transport(), job.attempts(),
                job.maxAttempts(), epoch(job.nextAttemptAt()), epoch(job.completedAt()), epoch(job.failedAt()),
                epoch(job.cancelledAt()), job.lastErrorJson() == null ? null : mapper.readTree(job.lastErrorJson()),
                job.createdAt().toEpochMilli(), job.updatedAt().toEpochMilli());
    }

    private static @Nullable Long epoch(@Nullable Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** {@code {"generationJob": Job}}. */
    public record Response(JobView generationJob) {
    }
}
