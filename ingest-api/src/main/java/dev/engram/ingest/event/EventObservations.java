package dev.engram.ingest.event;

import dev.engram.ingest.observation.ObservationWithSource;
import java.util.List;

/** {@code {"eventId", "observations": [ObservationWithSource]}}, oldest first. */
record EventObservations(String eventId, List<ObservationWithSource> observations) {
}
