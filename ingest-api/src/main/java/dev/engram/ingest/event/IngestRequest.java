package dev.engram.ingest.event;

import dev.engram.core.job.GenerationPolicy;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request's events, checked against the key and ready to be written: the unit a group commit
 * combines with its neighbours, and answers on its own.
 *
 * @param key who sent them
 * @param events the events, in request order, as received (private spans are removed when written)
 * @param generate whether each event gets its generation job
 * @param policies each named project's effective generation policy
 * @param requestId the request's id, recorded on jobs and audit rows
 * @param traceparent the request's W3C trace context, carried by the jobs' outbox rows
 * @param batch true for {@code POST /v1/events/batch} (one {@code event.batch_received} audit row), false
 *              for one event (an {@code event.received} row per event)
 */
record IngestRequest(ApiKeyPrincipal key, List<NewEvent> events, boolean generate,
        Map<String, GenerationPolicy> policies, String requestId, @Nullable String traceparent, boolean batch) {

    int size() {
        return events.size();
    }
}
