package dev.engram.ingest.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"events": [...], "waitTimedOut"?}}: a batch's items in request order.
 *
 * @param waitTimedOut present only with {@code ?wait=true}: whether any item's wait was cut short
 */
record EventBatchResponse(
        List<EventResponse> events,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean waitTimedOut) {
}
