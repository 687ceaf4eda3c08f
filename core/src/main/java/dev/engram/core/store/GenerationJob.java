package dev.engram.core.store;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a {@code generation_jobs} row a processor decides on.
 *
 * @param keyRefusal why the API key that created the job may no longer have work done for it ({@code revoked},
 *        {@code expired}, {@code missing}); null when it may, when the job has no key, or when the row was read by a
 *        statement that does not check (a claim)
 */
public record GenerationJob(
        String id,
        String teamId,
        String projectId,
        String sourceId,
        JobKind kind,
        JobStatus status,
        int attempts,
        int maxAttempts,
        @Nullable UUID agentEventId,
        @Nullable UUID serverSessionId,
        @Nullable String keyRefusal) {
}
