package dev.engram.ingest.relay;

import dev.engram.core.lane.Lane;
import dev.engram.core.store.OutboxRow;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes with the idempotent producer ({@code acks=all}): record key = job id, so one job's records
 * stay in order on one partition; the whole batch is sent before waiting, so acknowledgements overlap.
 * Each row stored with a trace context ({@code tracingspancontext}) is sent in a producer span of that trace,
 * and the record's {@code traceparent} header is that span's, so the processor's span is its child.
 */
@Component
class KafkaOutboxPublisher implements OutboxPublisher {

    static final String OUTBOX_ID_HEADER = "engram-outbox-id";
    static final String JOB_TYPE_HEADER = "engram-job-type";
    static final String TRACEPARENT_HEADER = "traceparent";

    private final KafkaTemplate<String, String> kafka;
    private final RelaySettings settings;
    private final Propagator propagator;

    KafkaOutboxPublisher(KafkaTemplate<String, String> kafka, RelaySettings settings,
            ObjectProvider<Propagator> propagator) {
        this.kafka = kafka;
        this.settings = settings;
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    @Override
    public void publish(List<OutboxRow> records) {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>(records.size());
        List<Span> spans = new ArrayList<>();
        for (OutboxRow record : records) {
            String topic = Lane.fromWireName(record.lane()).topic();
            ProducerRecord<String, String> message = new ProducerRecord<>(topic, record.jobId(), record.payload());
            message.headers().add(OUTBOX_ID_HEADER, record.id().toString().getBytes(StandardCharsets.UTF_8));
            message.headers().add(JOB_TYPE_HEADER, record.jobType().getBytes(StandardCharsets.UTF_8));
            if (record.traceparent() != null) {
                Span span = sendSpan(record, topic);
                spans.add(span);
                propagator.inject(span.context(), message.headers(), (headers, key, value) ->
                        headers.add(key, value.getBytes(StandardCharsets.UTF_8)));
                if (message.headers().lastHeader(TRACEPARENT_HEADER) == null) {
                    // no tracer in this app: the request's context goes on unchanged
                    message.headers().add(TRACEPARENT_HEADER, record.traceparent().getBytes(StandardCharsets.UTF_8));
                }
            }
            acks.add(kafka.send(message));
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spans.forEach(span -> span.error(e));
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            spans.forEach(span -> span.error(e));
            throw new IllegalStateException("Kafka did not acknowledge the batch", e);
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** A producer span in the trace of the request that stored the row. */
    private Span sendSpan(OutboxRow record, String topic) {
        String traceparent = Objects.requireNonNull(record.traceparent());
        return propagator.extract(traceparent, (carrier, key) -> TRACEPARENT_HEADER.equals(key) ? carrier : null)
                .name("send " + topic)
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.destination.name", topic)
                .tag("engram.job.id", record.jobId())
                .tag("engram.outbox.id", record.id().toString())
                .start();
    }
}
