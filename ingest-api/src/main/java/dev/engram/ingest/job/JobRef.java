package dev.engram.ingest.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * claude-mem's {@code JobRef}, returned with an event or a session end, and its {@code JobStatus}, which is
 * the same plus {@code attempts} and {@code maxAttempts} (answered after a {@code ?wait=true}).
 *
 * @param id the deterministic job id
 * @param status {@code queued}, {@code processing}, {@code completed}, {@code failed} or {@code cancelled}
 * @param bullmqJobId claude-mem's queue job id; in Engram the job id, which is also the Kafka record key
 * @param sourceType what the job was made from ({@code agent_event}, {@code session_summary}, ...)
 * @param sourceId the event, session or window it was made from
 * @param transport {@code enqueued} once the relay saw the broker acknowledge the job, {@code queued_only} before
 * @param createdAtEpoch when the job row was written, epoch ms
 * @param updatedAtEpoch when it last changed, epoch ms
 * @param attempts attempts made so far; only in the {@code JobStatus} form
 * @param maxAttempts attempts allowed; only in the {@code JobStatus} form
 */
public record JobRef(
        String id,
        String status,
        String bullmqJobId,
        String sourceType,
        String sourceId,
        String transport,
        long createdAtEpoch,
        long updatedAtEpoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer maxAttempts) {

    public static JobRef of(StoredJob job) {
        return new JobRef(job.id(), job.status().wireName(), job.id(), job.sourceType().wireName(), job.sourceId(),
                job.transport(), job.createdAt().toEpochMilli(), job.updatedAt().toEpochMilli(), null, null);
    }

    /** claude-mem's JobStatus: the JobRef plus attempts. */
    public static JobRef withAttempts(StoredJob job) {
        JobRef ref = of(job);
        return new JobRef(ref.id, ref.status, ref.bullmqJobId, ref.sourceType, ref.sourceId, ref.transport,
                ref.createdAtEpoch, ref.updatedAtEpoch, job.attempts(), job.maxAttempts());
    }
}
