package dev.engram.ingest.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.ingest.job.JobRef;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"event": Event, "generationJob"?: JobRef, "waitTimedOut"?}}: the answer to an ingest (one item of
 * a batch's {@code events} too), and, with only {@code event}, to {@code GET /v1/events/{id}}.
 *
 * @param event the stored event
 * @param generationJob its job, absent when generation was off or the policy made none; in the
 *        {@code JobStatus} form after a wait
 * @param waitTimedOut present only with {@code ?wait=true}: whether the wait's deadline cut it short
 */
record EventResponse(
        EventView event,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JobRef generationJob,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean waitTimedOut) {

    static EventResponse of(EventView event) {
        return new EventResponse(event, null, null);
    }
}
