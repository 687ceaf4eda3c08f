package dev.engram.core.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One audit row as it is read back: who (team, project, actor, key), did what ({@code action}) to what
 * ({@code resourceType}, {@code resourceId}), in which request, with the details as JSON text.
 */
public record AuditEntry(long id, @Nullable String teamId, @Nullable String projectId, @Nullable String actorId,
        @Nullable String apiKeyId, String action, @Nullable String resourceType, @Nullable String resourceId,
        @Nullable String requestId, String detailsJson, Instant createdAt) {
}
