package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;

class OutboxRelayTest extends IngestApiTest {

    @Autowired
    CrashingPublisher crashingPublisher;

    @Autowired
    OutboxRelay relay;

    private KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "relay-test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Lane.EVENT.topic()));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void publishesWithJobIdKeyAndOutboxHeaders() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "headers");

        ConsumerRecord<String, String> record = awaitRecords(jobId, 1).get(0);
        String outboxId = tenant.text("SELECT id::text FROM outbox WHERE aggregateid = ?", jobId);
        assertThat(header(record, "engram-outbox-id")).isEqualTo(outboxId);
        assertThat(header(record, "engram-job-type")).isEqualTo("event");
        assertThat(header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(JobPayloadCodec.read(record.value().getBytes(StandardCharsets.UTF_8)).generationJobId())
                .isEqualTo(jobId);
        assertThat(relay.isActive()).isTrue();
    }

    @Test
    void jobRecordJoinsTheTraceOfTheRequestThatPostedTheEvent() {
        TestTenant tenant = newTenant();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String jobId = postEvent(tenant, "traced", "00-" + traceId + "-00f067aa0ba902b7-01");

        String traceparent = header(awaitRecords(jobId, 1).get(0), "traceparent");
        String stored = tenant.text("SELECT tracingspancontext FROM outbox WHERE aggregateid = ?", jobId);
        // The server span continues the caller's trace (same trace id, the server span's own id), and the row keeps
        // it; the record carries the relay's send span, a child of it in the same trace.
        assertThat(stored).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
        assertThat(traceparent).startsWith("00-" + traceId + "-").endsWith("-01")
                .isNotEqualTo(stored).doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void relayThatCrashesAfterSendingButBeforeMarkingSendsAgainAndMarksOnce() {
        TestTenant tenant = newTenant();
        crashingPublisher.crashAfterNextSend();
        String jobId = postEvent(tenant, "crash");

        List<ConsumerRecord<String, String>> records = awaitRecords(jobId, 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId))
                .isOne());
        assertThat(records).extracting(ConsumerRecord::value).containsOnly(records.get(0).value());
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", jobId)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'enqueued'",
                jobId)).isOne();
    }

    @Test
    void queuedJobWhoseOutboxRowVanishedIsPublishedAgainWithoutARestart() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "stranded");
        awaitRecords(jobId, 1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId)
                        == 1);
        // Nobody consumed it for longer than engram.relay.republish-after (1h in tests) and the row is
        // gone, as after a lost publish and a retention sweep.
        tenant.update("DELETE FROM outbox WHERE aggregateid = ?", jobId);
        // Nothing touched the job since either (its updated_at is as old as its last publish).
        tenant.update("UPDATE generation_jobs SET enqueued_at = now() - interval '2 hours', "
                + "updated_at = now() - interval '2 hours' WHERE id = ?", jobId);

        awaitRecords(jobId, 2);
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", jobId)).isEqualTo("queued");
    }

    @Test
    void jobNeverPublishedIsFoundAndPublished() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "never");
        awaitRecords(jobId, 1);
        tenant.update("DELETE FROM outbox WHERE aggregateid = ?", jobId);
        tenant.update("UPDATE generation_jobs SET enqueued_at = NULL, created_at = now() - interval '2 hours', "
                + "updated_at = now() - interval '2 hours' WHERE id = ?", jobId);

        awaitRecords(jobId, 2);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND enqueued_at IS NOT NULL", jobId)
                        == 1);
    }

    @Test
    void completedJobsAreNotPublishedAgain() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "done");
        awaitRecords(jobId, 1);
        tenant.update("UPDATE generation_jobs SET status = 'completed', enqueued_at = now() - interval '1 hour' "
                + "WHERE id = ?", jobId);
        tenant.update("DELETE FROM outbox WHERE aggregateid = ?", jobId);
        String later = postEvent(tenant, "later");

        awaitRecords(later, 1);
        // Several reconcile passes (every 500 ms in tests) have run by the time a later job went through twice.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", jobId)).isZero();
        assertThat(recordsFor(jobId)).hasSize(1);
    }

    @Test
    void queuedJobPublishedRecentlyIsLeftAlone() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "recent");
        awaitRecords(jobId, 1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId)
                        == 1);
        tenant.update("DELETE FROM outbox WHERE aggregateid = ?", jobId);
        String later = postEvent(tenant, "recent-later");

        awaitRecords(later, 1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(recordsFor(jobId)).hasSize(1);
    }

    @Test
    void publishedRowsOlderThanTheRetentionAreDeleted() {
        TestTenant tenant = newTenant();
        String jobId = postEvent(tenant, "old");
        awaitRecords(jobId, 1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId)
                        == 1);
        tenant.update("UPDATE outbox SET published_at = now() - interval '2 hours' WHERE aggregateid = ?", jobId);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", jobId) == 0);
    }

    private String postEvent(TestTenant tenant, String marker) {
        return postEvent(tenant, marker, null);
    }

    private String postEvent(TestTenant tenant, String marker, @Nullable String traceparent) {
        JsonNode body = http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .headers(headers -> {
                    if (traceparent != null) {
                        headers.set("traceparent", traceparent);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(tenant.projectId(), marker))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get("generationJob").get("id").asString();
    }

    private List<ConsumerRecord<String, String>> awaitRecords(String jobId, int atLeast) {
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsFor(jobId).size() >= atLeast);
        return recordsFor(jobId);
    }

    private List<ConsumerRecord<String, String>> recordsFor(String jobId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> jobId.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
