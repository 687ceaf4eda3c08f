package dev.engram.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.lane.Lane;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Health that means progress, against the real Postgres and broker, with the relay off and no processor running
 * (a database and broker of its own, so that no other test's relay or consumer moves anything): a due outbox row
 * that nobody publishes turns {@code outbox} DOWN and the whole health 503 while readiness stays up; a ready job
 * waiting past the degraded age, or a lane's records nobody reads past the lag threshold, turn {@code lanes}
 * DEGRADED with 200; {@code /v1/info} gives the key's team its lane figures, and the lag only to an admin key; the
 * same figures are Prometheus gauges. A reading counts at most {@code count-limit} rows and jobs, the oldest first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "engram.relay.enabled=false",
        "engram.health.refresh-every=0s",
        "engram.health.lag-degraded-above=2",
        "engram.health.count-limit=3"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class PipelineHealthTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("ingest_health");

    @Autowired
    WebTestClient http;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterEach
    void nothingLeftWaiting() {
        TestTenant any = TestTenant.create(DATABASE);
        any.update("DELETE FROM outbox");
        any.update("UPDATE generation_jobs SET status = 'completed', completed_at = now() WHERE status = 'queued'");
    }

    @Test
    void aMovingPipelineIsUpAndSaysWhatItMeasured() {
        JsonNode health = health(200);

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/outbox/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/outbox/details/unpublished").asLong()).isZero();
        assertThat(health.at("/components/lanes/details/event/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/lanes/details/summary/group").asString()).isEqualTo("summary-processor");
        assertThat(health.at("/components/kafka/status").asString()).isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void anOutboxRowNobodyPublishesTurnsTheOutboxDownAndHealth503WhileTheApiStaysReady() {
        TestTenant tenant = TestTenant.create(DATABASE);
        tenant.update("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, created_at)
                VALUES (?, 'event', ?, 'event', '{}'::jsonb, now() - interval '10 minutes')""",
                UUID.randomUUID(), "job-" + UUID.randomUUID());

        JsonNode health = health(503);

        assertThat(health.get("status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/outbox/status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/outbox/details/unpublished").asLong()).isOne();
        assertThat(health.at("/components/outbox/details/oldestSeconds").asLong()).isBetween(595L, 700L);
        assertThat(health.at("/components/outbox/details/lanes/event/rows").asLong()).isOne();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        JsonNode admin = info(tenant.newKey(null, List.of("memories:read", "memories:admin")));
        assertThat(admin.at("/outbox/unpublished").asLong()).isOne();
        assertThat(admin.at("/outbox/oldestSeconds").asLong()).isBetween(595L, 700L);
        assertThat(admin.at("/key/admin").asBoolean()).isTrue();
        JsonNode reader = info(tenant.apiKey());
        assertThat(reader.has("outbox")).as("the outbox counts every team's rows: admin keys only").isFalse();
        assertThat(reader.at("/key/admin").asBoolean()).isFalse();
        assertThat(reader.at("/key/teamId").asString()).isEqualTo(tenant.teamId());
        assertThat(reader.at("/key/scopes")).hasSize(2);
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("engram_outbox_unpublished{lane=\"event\"} 1.0")
                .containsPattern("engram_outbox_oldest_age_seconds\\{lane=\"event\"} (59\\d|6\\d\\d)\\.")
                .contains("engram_jobs_ready{lane=\"summary\"} 0.0")
                .containsPattern("engram_kafka_consumer_lag\\{group=\"generation-processor\",lane=\"event\"} \\d");
    }

    @Test
    void aReadyJobWaitingPastTheDegradedAgeTurnsItsLaneDegradedWith200AndInfoShowsItToItsTeamOnly() {
        TestTenant tenant = TestTenant.create(DATABASE);
        TestTenant other = TestTenant.create(DATABASE);
        waitingJob(tenant, "90 seconds", "event-batch");

        JsonNode health = health(200);

        assertThat(health.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/lanes/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/lanes/details/event-batch/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/lanes/details/event-batch/ready").asLong()).isOne();
        assertThat(health.at("/components/lanes/details/event-batch/oldestReadySeconds").asLong()).isBetween(85L, 200L);
        assertThat(health.at("/components/lanes/details/event/status").asString()).isEqualTo("UP");

        JsonNode mine = info(tenant.apiKey());
        assertThat(lane(mine, "event-batch").get("ready").asLong()).isOne();
        assertThat(lane(mine, "event-batch").get("oldestReadySeconds").asLong()).isBetween(85L, 200L);
        assertThat(lane(mine, "event-batch").has("consumerLag")).isFalse();
        assertThat(lane(info(other.apiKey()), "event-batch").get("ready").asLong()).isZero();
    }

    @Test
    void aReadingCountsUpToTheLimitTheLongestWaitingFirstWhileInfoCountsTheTeamsJobsInFull() {
        TestTenant tenant = TestTenant.create(DATABASE);
        for (int seconds = 90; seconds <= 130; seconds += 10) {
            waitingJob(tenant, seconds + " seconds", "event-batch");
        }
        for (int i = 0; i < 4; i++) {
            tenant.update("""
                    INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, created_at)
                    VALUES (?, 'summary', ?, 'summary', '{}'::jsonb, now() - interval '40 seconds')""",
                    UUID.randomUUID(), "job-" + UUID.randomUUID());
        }

        JsonNode health = health(200);

        assertThat(health.at("/components/lanes/details/event-batch/ready").asLong()).isEqualTo(3);
        assertThat(health.at("/components/lanes/details/event-batch/oldestReadySeconds").asLong())
                .as("the oldest of the five is among those counted").isBetween(125L, 240L);
        assertThat(health.at("/components/lanes/details/readyCapped").asBoolean()).isTrue();
        assertThat(health.at("/components/lanes/details/readyCountedUpTo").asLong()).isEqualTo(3);
        assertThat(health.at("/components/outbox/details/unpublished").asLong()).isEqualTo(3);
        assertThat(health.at("/components/outbox/details/capped").asBoolean()).isTrue();
        assertThat(health.at("/components/outbox/status").asString()).isEqualTo("DEGRADED");
        assertThat(lane(info(tenant.apiKey()), "event-batch").get("ready").asLong()).isEqualTo(5);
    }

    @Test
    void recordsALanesGroupHasNotReadPastTheLagThresholdTurnItDegradedAndOnlyAnAdminKeySeesTheLag() throws Exception {
        TestTenant tenant = TestTenant.create(DATABASE);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.getBrokersAsString(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Lane.SUMMARY.topic(), "job-" + i, "{}")).get();
            }
        }

        JsonNode health = health(200);

        assertThat(health.at("/components/lanes/details/summary/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/lanes/details/summary/consumerLag").asLong()).isGreaterThanOrEqualTo(3);
        String admin = tenant.newKey(tenant.projectId(), List.of("memories:read", "admin"));
        assertThat(lane(info(admin), "summary").get("consumerLag").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(lane(info(tenant.apiKey()), "summary").has("consumerLag")).isFalse();
    }

    private JsonNode health(int status) {
        return http.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(status)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode info(String key) {
        return http.get().uri("/v1/info").header("Authorization", "Bearer " + key).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode lane(JsonNode info, String lane) {
        for (JsonNode entry : info.get("lanes")) {
            if (entry.get("lane").asString().equals(lane)) {
                return entry;
            }
        }
        throw new AssertionError("no lane " + lane + " in " + info);
    }

    /** A queued job of the tenant, ready to run and untouched for {@code age} (an interval). */
    private static void waitingJob(TestTenant tenant, String age, String lane) {
        String id = "job-" + UUID.randomUUID();
        tenant.update("""
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, job_type, lane, payload,
                                             created_at, updated_at)
                VALUES (?, ?, ?, 'event_batch', ?, ?, ?, '{}'::jsonb, now() - ?::interval, now() - ?::interval)""",
                id, tenant.teamId(), tenant.projectId(), id, lane, lane, age, age);
    }
}
