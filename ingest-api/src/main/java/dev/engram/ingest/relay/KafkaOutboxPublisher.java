package dev.engram.ingest.relay;

import dev.engram.core.store.OutboxRow;
import dev.engram.core.lane.Lane;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes with the idempotent producer ({@code acks=all}): record key = job id, so one job's records
 * stay in order on one partition; the whole batch is sent before waiting, so acknowledgements overlap.
 */
@Component
class KafkaOutboxPublisher implements OutboxPublisher {

    static final String OUTBOX_ID_HEADER = "engram-outbox-id";
    static final String JOB_TYPE_HEADER = "engram-job-type";
    static final String TRACEPARENT_HEADER = "traceparent";

    private final KafkaTemplate<String, String> kafka;
    private final RelaySettings settings;

    KafkaOutboxPublisher(KafkaTemplate<String, String> kafka, RelaySettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    @Override
    public void publish(List<OutboxRow> records) {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>(records.size());
        for (OutboxRow record : records) {
            ProducerRecord<String, String> message = new ProducerRecord<>(
                    Lane.fromWireName(record.lane()).topic(), record.jobId(), record.payload());
            message.headers().add(OUTBOX_ID_HEADER, record.id().toString().getBytes(StandardCharsets.UTF_8));
            message.headers().add(JOB_TYPE_HEADER, record.jobType().getBytes(StandardCharsets.UTF_8));
            if (record.traceparent() != null) {
                message.headers().add(TRACEPARENT_HEADER, record.traceparent().getBytes(StandardCharsets.UTF_8));
            }
            acks.add(kafka.send(message));
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch", e);
        }
    }
}
