package dev.engram.core.job;

import dev.engram.core.id.TimeOrderedIds;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;

/** The rows of the one statement that enqueues jobs with their history and outbox rows, built the same way by every writer. */
public final class EnqueueRows {

    private EnqueueRows() {
    }

    /**
     * Adds one job to {@code rows}, the {@code :jobs} parameter of the jobs' {@code ENQUEUE_ALL} statement, with a new
     * outbox row id, the request's W3C {@code traceparent} and the time it may be published (both may be null).
     */
    public static void add(ArrayNode rows, JobPayload payload, @Nullable String traceparent,
            @Nullable Instant availableAt) {
        JobKind kind = payload.jobKind();
        rows.addObject()
                .put("id", payload.generationJobId())
                .put("team", payload.teamId())
                .put("project", payload.projectId())
                .put("source_type", payload.sourceType())
                .put("source_id", payload.sourceId())
                .put("agent_event", payload.agentEventId())
                .put("server_session", payload.serverSessionId())
                .put("job_type", kind.wireName())
                .put("lane", kind.lane().wireName())
                .put("outbox_id", TimeOrderedIds.next().toString())
                .put("trace", traceparent)
                .put("available_at", availableAt == null ? null : availableAt.toString())
                .put("ord", rows.size())
                .set("payload", JobPayloadCodec.tree(payload));
    }
}
