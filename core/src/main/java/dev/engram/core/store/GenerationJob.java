package dev.engram.core.store;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The parts of a {@code generation_jobs} row the processor decides on. */
public record GenerationJob(
        String id,
        String teamId,
        String projectId,
        String sourceId,
        String jobType,
        String status,
        int attempts,
        int maxAttempts,
        @Nullable UUID agentEventId,
        @Nullable UUID serverSessionId) {
}
