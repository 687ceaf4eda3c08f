package dev.engram.ingest.observation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ObservationView} with what made it: the generation key and the job (both null for a memory
 * written directly). A session's observations are answered in this shape.
 */
public record GeneratedObservation(
        @JsonUnwrapped ObservationView observation,
        @Nullable String generationKey,
        @Nullable String createdByJobId) {
}
