package dev.engram.ingest.memory;

import dev.engram.ingest.observation.ObservationView;

/** The answers of the memory routes. */
final class MemoryResponses {

    private MemoryResponses() {
    }

    /** {@code {"memory": Observation}}. */
    record Written(ObservationView memory) {
    }

    /** {@code {"deleted": true, "id"}}. */
    record Deleted(boolean deleted, String id) {
    }

    /** {@code {"purged": true, "projectId", "counts"}}: rows deleted per table. */
    record Purged(boolean purged, String projectId, PurgeCounts counts) {
    }
}
