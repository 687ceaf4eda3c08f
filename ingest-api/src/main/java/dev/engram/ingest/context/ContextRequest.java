package dev.engram.ingest.context;

import dev.engram.ingest.observation.WordMatch;
import dev.engram.ingest.search.SearchMode;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code POST /v1/context} body.
 *
 * @param query what the observations should be relevant to; without one, the most recent are taken
 * @param limit how many observations at most (besides the summaries)
 * @param maxTokens the budget the text is cut to
 * @param mode how the timeline is ranked, as a search's {@code mode}; null for the default (hybrid where embeddings
 *     exist)
 * @param match whether the query's words find what holds all of them or any
 */
public record ContextRequest(String projectId, @Nullable String query, int limit, int maxTokens,
        @Nullable String platformSource, @Nullable SearchMode mode, WordMatch match) {
}
