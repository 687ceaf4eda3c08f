package dev.engram.ingest.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire shapes of a job: the short {@code JobRef} returned with an event and the full job of
 * {@code GET /v1/jobs/{id}}. Maps keep claude-mem's field order and its explicit nulls.
 */
public final class JobViews {

    private JobViews() {
    }

    public static Map<String, Object> ref(StoredJob job) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", job.id());
        ref.put("status", job.status());
        ref.put("bullmqJobId", job.id());
        ref.put("sourceType", job.sourceType());
        ref.put("sourceId", job.sourceId());
        ref.put("transport", job.transport());
        ref.put("createdAtEpoch", job.createdAt().toEpochMilli());
        ref.put("updatedAtEpoch", job.updatedAt().toEpochMilli());
        return ref;
    }

    /** claude-mem's JobStatus: the JobRef plus attempts, as answered after a wait. */
    public static Map<String, Object> status(StoredJob job) {
        Map<String, Object> status = ref(job);
        status.put("attempts", job.attempts());
        status.put("maxAttempts", job.maxAttempts());
        return status;
    }

    public static Map<String, Object> full(StoredJob job, JsonMapper mapper) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("projectId", job.projectId());
        view.put("teamId", job.teamId());
        view.put("sourceType", job.sourceType());
        view.put("sourceId", job.sourceId());
        view.put("agentEventId", job.agentEventId() == null ? null : job.agentEventId().toString());
        view.put("serverSessionId", job.serverSessionId() == null ? null : job.serverSessionId().toString());
        view.put("jobType", job.jobType());
        view.put("status", job.status());
        view.put("bullmqJobId", job.id());
        view.put("transport", job.transport());
        view.put("attempts", job.attempts());
        view.put("maxAttempts", job.maxAttempts());
        view.put("nextAttemptAtEpoch", epoch(job.nextAttemptAt()));
        view.put("completedAtEpoch", epoch(job.completedAt()));
        view.put("failedAtEpoch", epoch(job.failedAt()));
        view.put("cancelledAtEpoch", epoch(job.cancelledAt()));
        view.put("lastError", job.lastErrorJson() == null ? null : mapper.readTree(job.lastErrorJson()));
        view.put("createdAtEpoch", job.createdAt().toEpochMilli());
        view.put("updatedAtEpoch", job.updatedAt().toEpochMilli());
        return view;
    }

    private static @Nullable Long epoch(@Nullable Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
