package dev.engram.ingest.compat;

import org.jspecify.annotations.Nullable;

/** claude-mem's answers on its legacy hook routes. */
final class LegacyHookResponses {

    private LegacyHookResponses() {
    }

    /**
     * {@code POST /api/sessions/observations}: the tool use was stored and its job queued.
     *
     * @param transport the job's transport, or {@code skipped} when no job was made
     */
    record ObservationQueued(String status, int observationCount, String sessionId, String serverSessionId,
            String eventId, @Nullable String generationJobId, String transport) {
    }

    /** {@code POST /api/sessions/summarize}: the session ended and its summary job is queued. */
    record SummaryQueued(String status, String sessionId, String serverSessionId, String generationJobId,
            String transport) {
    }

    /** {@code POST /api/sessions/summarize} from a sub-agent: nothing to do. */
    record Skipped(String status, String reason) {
    }
}
