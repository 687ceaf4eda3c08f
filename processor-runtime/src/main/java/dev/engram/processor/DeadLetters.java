package dev.engram.processor;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import java.nio.charset.StandardCharsets;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Publishes the record of a job that failed for good to its lane's dead-letter topic, keyed by the job id, with
 * the headers the binder's own dead-lettering writes ({@code x-original-topic}, {@code x-exception-message},
 * {@code x-exception-fqcn}): for jobs whose provider call ran outside the binder's thread ({@link InFlightCalls}).
 */
final class DeadLetters {

    private final StreamBridge bridge;

    DeadLetters(StreamBridge bridge) {
        this.bridge = bridge;
    }

    void send(JobPayload job, String reason) {
        Lane lane = job.jobKind().lane();
        Message<byte[]> record = MessageBuilder.withPayload(JobPayloadCodec.write(job).getBytes(StandardCharsets.UTF_8))
                .setHeader(KafkaHeaders.KEY, job.generationJobId().getBytes(StandardCharsets.UTF_8))
                .setHeader("x-original-topic", bytes(lane.topic()))
                .setHeader("x-exception-message", bytes(reason))
                .setHeader("x-exception-fqcn", bytes(JobFailedPermanently.class.getName()))
                .build();
        bridge.send(lane.deadLetterTopic(), record);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
