package dev.engram.ingest.context;

import dev.engram.ingest.observation.WordMatch;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code POST /v1/context} body.
 *
 * @param query what the observations should be relevant to; without one, the most recent are taken
 * @param limit how many observations at most (besides the summaries)
 * @param maxTokens the budget the text is cut to
 * @param match whether the query's words find what holds all of them or any
 */
public record ContextRequest(String projectId, @Nullable String query, int limit, int maxTokens,
        @Nullable String platformSource, WordMatch match) {
}
