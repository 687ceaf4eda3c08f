package dev.engram.ingest.observation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/** claude-mem's {@code ObservationWithSource}: an observation, what made it, and its link to one source. */
public record ObservationWithSource(
        @JsonUnwrapped ObservationView observation,
        @Nullable String generationKey,
        @Nullable String createdByJobId,
        Source source) {

    /**
     * An {@code observation_sources} row.
     *
     * @param sourceType {@code agent_event} or {@code session}
     * @param sourceId the event or session id
     */
    public record Source(String id, String sourceType, String sourceId, @Nullable String generationJobId,
            long createdAtEpoch) {
    }
}
