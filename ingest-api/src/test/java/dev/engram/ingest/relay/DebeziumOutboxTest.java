package dev.engram.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.lane.Lane;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * The Debezium path: infra/debezium's Postgres connector with the Outbox Event Router, run by Debezium's embedded
 * engine against this test database (logical replication; .ci/run sets {@code wal_level=logical}), turns the same
 * outbox rows into the same records as the built-in relay: topic, key, value and the {@code engram-outbox-id} and
 * {@code engram-job-type} headers equal, {@code traceparent} in the same trace (the relay's is its send span, a
 * child of the stored context the connector copies), and no header the relay does not send.
 */
class DebeziumOutboxTest extends IngestApiTest {

    private static final Duration ARRIVED = Duration.ofSeconds(30);

    private final String slot = "engram_outbox_test_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<SourceRecord> captured = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, String>> relayed = new ArrayList<>();
    private EmbeddedConnector connector;
    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void startTheConnectorAndSubscribe() throws Exception {
        Properties configuration = EmbeddedConnector.configuration(DATABASE, "engram-outbox-test", slot);
        configuration.setProperty("slot.drop.on.stop", "true");
        configuration.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        configuration.setProperty("offset.flush.interval.ms", "1000");
        connector = new EmbeddedConnector(configuration, captured::add);

        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "debezium-test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Lane.EVENT.topic(), Lane.SUMMARY.topic()));
    }

    @AfterEach
    void stop() throws Exception {
        consumer.close();
        connector.close();
        EmbeddedConnector.drop(DATABASE, slot);
    }

    @Test
    void theConnectorPublishesWhatTheRelayPublishesForAnEventAndASessionSummary() throws Exception {
        TestTenant tenant = newTenant();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String eventJob = postEvent(tenant, "debezium-" + UUID.randomUUID(), "00-" + traceId + "-b7ad6b7169203331-01");
        String summaryJob = endASession(tenant);

        for (String jobId : List.of(eventJob, summaryJob)) {
            ConsumerRecord<String, String> relay = awaitRelayed(jobId);
            SourceRecord connector = awaitCaptured(jobId);

            assertThat(connector.topic()).isEqualTo(relay.topic());
            assertThat(connector.key()).isEqualTo(relay.key());
            assertThat(connector.value()).isEqualTo(relay.value());
            assertThat(header(connector, "engram-outbox-id")).isEqualTo(header(relay, "engram-outbox-id"))
                    .isEqualTo(tenant.text("SELECT id::text FROM outbox WHERE aggregateid = ?", jobId));
            assertThat(header(connector, "engram-job-type")).isEqualTo(header(relay, "engram-job-type"));
            assertThat(traceIdOf(header(connector, "traceparent"))).isEqualTo(traceIdOf(header(relay, "traceparent")));
            List<String> names = new ArrayList<>();
            connector.headers().forEach(h -> names.add(h.key()));
            assertThat(names).containsExactlyInAnyOrder("engram-outbox-id", "engram-job-type", "traceparent");
        }
        assertThat(traceIdOf(header(awaitCaptured(eventJob), "traceparent"))).isEqualTo(traceId);
        // the relay's later UPDATE (published_at) and the cleanup's DELETE publish nothing
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(captured.stream().filter(r -> eventJob.equals(r.key()))).hasSize(1);
    }

    private String postEvent(TestTenant tenant, String marker, String traceparent) {
        JsonNode body = http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .header("traceparent", traceparent)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(tenant.projectId(), marker))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get("generationJob").get("id").asString();
    }

    private String endASession(TestTenant tenant) {
        JsonNode session = http.post().uri("/v1/sessions/start")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"" + tenant.projectId() + "\",\"externalSessionId\":\"" + UUID.randomUUID()
                        + "\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode ended = http.post().uri("/v1/sessions/" + session.get("session").get("id").asString() + "/end")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return ended.get("generationJob").get("id").asString();
    }

    private ConsumerRecord<String, String> awaitRelayed(String jobId) {
        await().atMost(ARRIVED).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(relayed::add);
            return relayed.stream().anyMatch(r -> jobId.equals(r.key()));
        });
        return relayed.stream().filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
    }

    private SourceRecord awaitCaptured(String jobId) {
        await().atMost(ARRIVED).until(() -> captured.stream().anyMatch(r -> jobId.equals(r.key())));
        return captured.stream().filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
    }

    private static @Nullable String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null || header.value() == null ? null : header.value().toString();
    }

    private static @Nullable String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String traceIdOf(@Nullable String traceparent) {
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }
}
