package dev.engram.ingest.session;

import dev.engram.ingest.job.JobRef;
import dev.engram.ingest.observation.GeneratedObservation;
import java.util.List;

/** The answers of the session routes. */
final class SessionResponses {

    private SessionResponses() {
    }

    /** {@code {"session": Session}}: start, read. */
    record One(SessionView session) {
    }

    /** {@code {"session": Session, "generationJob": JobRef}}: end, with the summary job. */
    record Ended(SessionView session, JobRef generationJob) {
    }

    /** {@code {"sessionId", "observations": [...]}}: an Engram extension, oldest first, the summary included. */
    record Observations(String sessionId, List<GeneratedObservation> observations) {
    }
}
