package dev.engram.ops.demo;

import dev.engram.core.job.JobStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of one posted demo event.
 *
 * @param event the recorded event
 * @param eventId the id the server gave it
 * @param jobId its generation job, null when the server made none
 * @param observations the observations generated from it so far
 * @param jobStatus the job's last known status, null when not (yet) known
 */
public record EventOutcome(DemoEvent event, String eventId, @Nullable String jobId,
        List<Observation> observations, @Nullable String jobStatus) {

    public EventOutcome {
        observations = List.copyOf(observations);
    }

    /** Nothing more will come of this event: it has observations, its job ended, or it has no job. */
    public boolean settled() {
        return !observations.isEmpty() || jobId == null || (jobStatus != null && JobStatus.fromWireName(jobStatus).isTerminal());
    }

    /** Whether the event got what the recording expects of it. */
    public boolean satisfied() {
        return !event.expectObservation() || !observations.isEmpty();
    }

    EventOutcome with(List<Observation> newObservations, @Nullable String newJobStatus) {
        return new EventOutcome(event, eventId, jobId, newObservations, newJobStatus);
    }
}
