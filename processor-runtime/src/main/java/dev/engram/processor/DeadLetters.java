package dev.engram.processor;

import dev.engram.core.job.InvalidJobPayloadException;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Publishes the record of a job that failed for good to its lane's dead-letter topic, keyed by the job id, with
 * the headers the binder's own dead-lettering writes ({@code x-original-topic}, {@code x-exception-message},
 * {@code x-exception-fqcn}): for jobs whose provider call ran outside the binder's thread ({@link InFlightCalls}), and
 * for the lanes consumed in batches ({@link JobRecords#batchConsumer}), where the binder dead-letters nothing.
 */
public final class DeadLetters {

    private final Supplier<StreamBridge> bridge;

    /** {@code bridge} is looked up at the first dead letter, so wiring the runtime needs no binder (its tests). */
    DeadLetters(Supplier<StreamBridge> bridge) {
        this.bridge = bridge;
    }

    void send(JobPayload job, String reason) {
        send(job.jobKind().lane(), JobPayloadCodec.write(job).getBytes(StandardCharsets.UTF_8),
                bytes(job.generationJobId()), reason, JobFailedPermanently.class);
    }

    /** A record of {@code lane} that is not a job payload at all, as it came. */
    void sendUnreadable(Lane lane, byte[] payload, InvalidJobPayloadException problem) {
        send(lane, payload, null, String.valueOf(problem.getMessage()), problem.getClass());
    }

    private void send(Lane lane, byte[] payload, byte @Nullable [] key, String reason, Class<?> exception) {
        MessageBuilder<byte[]> record = MessageBuilder.withPayload(payload)
                .setHeader("x-original-topic", bytes(lane.topic()))
                .setHeader("x-exception-message", bytes(reason))
                .setHeader("x-exception-fqcn", bytes(exception.getName()));
        if (key != null) {
            record.setHeader(KafkaHeaders.KEY, key);
        }
        bridge.get().send(lane.deadLetterTopic(), record.build());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
