package dev.engram.generation.consumer;

import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.testing.TestTenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Event jobs as ingest writes them (event row, job row, queued history row), their records produced as the relay
 * sends them, and what became of them: the job's status and history, and its dead-lettered record.
 */
final class EventJobs implements AutoCloseable {

    private final EmbeddedKafkaBroker kafka;
    private @Nullable KafkaProducer<String, String> producer;

    EventJobs(EmbeddedKafkaBroker kafka) {
        this.kafka = kafka;
    }

    /** A queued event job for an event with this payload, created by {@code apiKeyId} (null: no key). */
    static JobPayload queued(TestTenant tenant, String payloadJson, @Nullable String apiKeyId) {
        UUID eventId = UUID.randomUUID();
        tenant.update("""
                INSERT INTO agent_events (id, team_id, project_id, source_adapter, event_type, payload,
                                          idempotency_key, occurred_at)
                VALUES (?, ?, ?, 'hook', 'tool_use', ?::jsonb, ?, now())""",
                eventId, tenant.teamId(), tenant.projectId(), payloadJson, eventId.toString());
        JobPayload job = JobPayload.forEvent(tenant.teamId(), tenant.projectId(), eventId.toString(), null, apiKeyId,
                null, "hook", "req-" + eventId);
        tenant.update("""
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id,
                                             job_type, lane, payload)
                VALUES (?, ?, ?, 'agent_event', ?, ?, 'event', 'event', ?::jsonb)""",
                job.generationJobId(), tenant.teamId(), tenant.projectId(), eventId.toString(), eventId,
                JobPayloadCodec.write(job));
        tenant.update("""
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status)
                VALUES (?, ?, ?, 'queued', 'queued')""", job.generationJobId(), tenant.teamId(), tenant.projectId());
        return job;
    }

    void send(String topic, JobPayload job) {
        sendRaw(topic, job.generationJobId(), JobPayloadCodec.write(job));
    }

    /** Sends the jobs' records to {@code topic} under one key, so they share a partition, and waits for all. */
    void sendOnOnePartition(String topic, List<JobPayload> jobs) {
        send(topic, jobs.get(0));
        List<Future<?>> sent = jobs.stream().skip(1).<Future<?>>map(job ->
                producer().send(new ProducerRecord<>(topic, jobs.get(0).generationJobId(), JobPayloadCodec.write(job))))
                .toList();
        for (Future<?> each : sent) {
            try {
                each.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void awaitStatus(TestTenant tenant, JobPayload job, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                status.equals(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", job.generationJobId())));
    }

    static List<String> history(TestTenant tenant, JobPayload job) {
        String csv = tenant.text("SELECT string_agg(event_type, ',' ORDER BY id) FROM generation_job_events "
                + "WHERE job_id = ?", job.generationJobId());
        return List.of(csv.split(","));
    }

    /** The job's record on {@code deadLetterTopic}, if it arrives within 20 s. */
    Optional<ConsumerRecord<String, String>> deadLettered(String deadLetterTopic, String jobId) {
        return firstOn(deadLetterTopic, record -> jobId.equals(record.key()));
    }

    /** The first record on {@code deadLetterTopic} whose value is {@code value}, if it arrives within 20 s. */
    Optional<ConsumerRecord<String, String>> deadLetteredValue(String deadLetterTopic, String value) {
        return firstOn(deadLetterTopic, record -> value.equals(record.value()));
    }

    private Optional<ConsumerRecord<String, String>> firstOn(String topic,
            Predicate<ConsumerRecord<String, String>> wanted) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "dlq-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            dlq.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(500))) {
                    if (wanted.test(record)) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Sends {@code value} as it is, not a job payload, to {@code topic}. */
    void sendRaw(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString(), "acks", "all"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
