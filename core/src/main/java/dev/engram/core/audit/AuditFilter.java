package dev.engram.core.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which audit rows a listing reads, newest first; each filter is off when null.
 *
 * @param teamId the team; null (every team) only for an operator's tools
 * @param actions the actions to keep, e.g. {@code generation_job.retried_by_operator}
 */
public record AuditFilter(@Nullable String teamId, @Nullable String projectId, @Nullable List<String> actions,
        @Nullable String resourceId, @Nullable Instant since, @Nullable Instant until, int limit, int offset) {
}
