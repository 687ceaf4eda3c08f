package dev.engram.ingest.observation;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/**
 * claude-mem's {@code Observation}: an observation, summary or memory as clients read it.
 *
 * @param kind the observation's type ({@code discovery}, {@code change}, ...), {@code summary}, or a memory's kind
 * @param metadata structured detail (title, facts, files, ...), {@code {}} when none: the stored {@code jsonb}'s
 *     text, answered as it is rather than parsed and written again
 */
public record ObservationView(
        String id,
        String projectId,
        String teamId,
        @Nullable String serverSessionId,
        String kind,
        String content,
        @JsonRawValue String metadata,
        long createdAtEpoch,
        long updatedAtEpoch) {
}
