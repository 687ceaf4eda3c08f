package dev.engram.ingest.session;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A validated session start. */
public record NewSession(
        String projectId,
        @Nullable String externalSessionId,
        @Nullable String contentSessionId,
        @Nullable String agentId,
        @Nullable String agentType,
        @Nullable String platformSource,
        JsonNode metadata) {
}
