package dev.engram.ingest.search;

import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.WordMatch;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code POST /v1/search} body: claude-mem's {@code projectId, query, limit, platformSource}
 * plus Engram's optional filters and paging.
 *
 * @param mode the ranking asked for, or null for the best available
 * @param match whether the words find what holds all of them (claude-mem's reading) or any
 */
record SearchRequest(
        String projectId,
        String query,
        int limit,
        int offset,
        @Nullable SearchMode mode,
        WordMatch match,
        @Nullable List<String> types,
        Set<ObservationFilter.Kind> kinds,
        @Nullable String sessionId,
        @Nullable Instant since,
        @Nullable Instant until,
        @Nullable String file,
        @Nullable String platformSource) {
}
