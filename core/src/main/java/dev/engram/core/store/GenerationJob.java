package dev.engram.core.store;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The parts of a {@code generation_jobs} row a processor decides on. */
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
        @Nullable UUID serverSessionId) {
}
