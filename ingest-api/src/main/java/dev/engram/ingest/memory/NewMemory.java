package dev.engram.ingest.memory;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A validated memory to store, with private spans already removed from its content and metadata. */
record NewMemory(
        String projectId,
        String content,
        String kind,
        @Nullable String serverSessionId,
        JsonNode metadata) {
}
