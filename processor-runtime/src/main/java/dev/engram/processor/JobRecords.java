package dev.engram.processor;

import dev.engram.core.job.JobPayloadCodec;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * Binds a {@link JobWork} to a lane: the {@code Consumer} a processor declares as its function bean. The
 * binder learns how a delivery ended the only way it can, from an exception: a scheduled retry is
 * re-delivered with back-off ({@link RetryScheduled}), a job failed for good goes straight to the lane's
 * dead-letter topic ({@link JobFailedPermanently}), and so does a record that is not a payload at all. A job whose
 * provider call was handed to {@link InFlightCalls} has already left the binder: its retries and dead letter are
 * that class's.
 */
public final class JobRecords {

    private JobRecords() {
    }

    public static Consumer<Message<byte[]>> consumer(JobRunner runner, JobWork<?, ?> work) {
        return message -> runner.deliver(JobPayloadCodec.read(message.getPayload()), work).ifPresent(ended -> {
            switch (ended.outcome()) {
                case RETRY_SCHEDULED -> throw new RetryScheduled(ended.jobId(),
                        ended.cause() != null ? ended.cause() : new IllegalStateException(ended.reason()));
                case FAILED -> throw new JobFailedPermanently(ended.jobId(), String.valueOf(ended.reason()));
                default -> {
                }
            }
        });
    }
}
