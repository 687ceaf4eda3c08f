package dev.engram.ingest.context;

import org.jspecify.annotations.Nullable;

/**
 * A validated {@code POST /v1/context} body.
 *
 * @param query what the observations should be relevant to; without one, the most recent are taken
 * @param limit how many observations at most (besides the summaries)
 * @param maxTokens the budget the text is cut to
 */
public record ContextRequest(String projectId, @Nullable String query, int limit, int maxTokens,
        @Nullable String platformSource) {
}
