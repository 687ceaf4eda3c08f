package dev.engram.core.store;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An unpublished outbox row, as the relay sends it.
 *
 * @param id the row id, sent as header {@code engram-outbox-id}
 * @param lane {@code aggregatetype}: the topic is {@code engram.jobs.<lane>}
 * @param jobId {@code aggregateid}: the record key
 * @param jobType {@code type}: header {@code engram-job-type}
 * @param payload the job payload JSON: the record value
 * @param traceparent W3C trace context: header {@code traceparent}
 */
public record OutboxRow(UUID id, String lane, String jobId, String jobType, String payload,
        @Nullable String traceparent) {
}
