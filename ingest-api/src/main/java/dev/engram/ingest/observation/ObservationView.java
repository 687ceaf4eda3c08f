package dev.engram.ingest.observation;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * claude-mem's {@code Observation}: an observation, summary or memory as clients read it.
 *
 * @param kind the observation's type ({@code discovery}, {@code change}, ...), {@code summary}, or a memory's kind
 * @param metadata structured detail (title, facts, files, ...), {@code {}} when none
 */
public record ObservationView(
        String id,
        String projectId,
        String teamId,
        @Nullable String serverSessionId,
        String kind,
        String content,
        JsonNode metadata,
        long createdAtEpoch,
        long updatedAtEpoch) {
}
