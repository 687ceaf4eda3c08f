package dev.engram.summary.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The summary processor against the real Postgres and a real broker: records are produced to
 * {@code engram.jobs.summary} exactly as the relay sends them, for sessions and jobs written as ingest
 * writes them when a session ends.
 */
@SpringBootTest(properties = {
        "spring.cloud.stream.bindings.summarizeSessions-in-0.consumer.back-off-initial-interval=100",
        "spring.cloud.stream.bindings.summarizeSessions-in-0.consumer.back-off-multiplier=1.0",
        "spring.cloud.stream.bindings.summarizeSessions-in-0.consumer.back-off-max-interval=100",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
@Import(RecordingSummaryProvider.Configuration.class)
class SummaryConsumerTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("summary");
    static final String CWD = "/home/dev/shop";
    static final String CART = CWD + "/src/main/java/shop/Cart.java";

    static KafkaProducer<String, String> producer;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    RecordingSummaryProvider provider;

    /** A session row with its events and summary job, as ingest leaves them when the session ends. */
    record EndedSession(UUID id, JobPayload job, List<UUID> eventIds) {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void endedSessionBecomesASummaryLinkedToTheSessionAndCompletes() {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = endedSession(tenant, cartSessionEvents());
        observation(tenant, session, "Cart.total() skips the bulk discount above ten items");

        send(session.job());

        awaitStatus(tenant, session, "completed");
        String job = session.job().generationJobId();
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND kind = 'summary' "
                + "AND server_session_id = ?", job, session.id())).isOne();
        assertThat(tenant.text("SELECT content FROM observations WHERE created_by_job_id = ?", job)).isEqualTo("""
                Request: Make the cart apply the bulk discount for baskets over ten items
                Investigated: Read src/main/java/shop/Cart.java; searched for "discount" in src
                Learned: `mvn -B test` failed (BUILD FAILURE: [ERROR] Tests run: 4, Failures: 1) and passed after \
                the change to Cart.java
                Completed: Modified src/main/java/shop/Cart.java; ran `mvn -B test` successfully
                Next steps: None recorded
                Notes: 5 tool uses (Bash 2, Edit 1, Grep 1, Read 1), 1 user prompt. Files read: \
                src/main/java/shop/Cart.java. Files modified: src/main/java/shop/Cart.java.""");
        assertThat(tenant.text("SELECT metadata->>'request' FROM observations WHERE created_by_job_id = ?", job))
                .isEqualTo("Make the cart apply the bulk discount for baskets over ten items");
        assertThat(tenant.text("SELECT metadata->>'next_steps' FROM observations WHERE created_by_job_id = ?", job))
                .isEqualTo("None recorded");
        assertThat(tenant.text("SELECT string_agg(key, ',' ORDER BY key) FROM observations, jsonb_object_keys(metadata) "
                + "AS key WHERE created_by_job_id = ?", job))
                .isEqualTo("completed,investigated,learned,next_steps,notes,request");
        assertThat(tenant.text("SELECT generation_key FROM observations WHERE created_by_job_id = ?", job))
                .startsWith("generation:v1:" + job + ":0:");
        assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE source_type = 'session' "
                + "AND source_id = ? AND generation_job_id = ?", session.id().toString(), job)).isOne();
        assertThat(jobEvents(tenant, session)).containsExactly("queued", "processing", "completed");
        assertThat(tenant.text("SELECT generation_status FROM sessions WHERE id = ?", session.id()))
                .isEqualTo("completed");
        assertThat(tenant.count("SELECT count(*) FROM sessions WHERE id = ? AND last_generated_at IS NOT NULL",
                session.id())).isOne();
        assertThat(promptsOf(session)).singleElement().asString()
                .contains("<observation>Cart.total() skips the bulk discount above ten items</observation>");
    }

    @Test
    void sameRecordDeliveredTwiceStillMakesOneSummary() {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = endedSession(tenant, cartSessionEvents());

        send(session.job());
        send(session.job());

        awaitStatus(tenant, session, "completed");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? "
                        + "AND event_type = 'processing'", session.job().generationJobId())).isOne());
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE server_session_id = ? AND kind = 'summary'",
                session.id())).isOne();
    }

    @Test
    void recordNamingAnotherTenantIsAuditedAndNotProcessed() {
        TestTenant owner = TestTenant.create(DATABASE);
        TestTenant intruder = TestTenant.create(DATABASE);
        EndedSession session = endedSession(owner, cartSessionEvents());
        JobPayload job = session.job();
        JobPayload forged = new JobPayload(1, job.kind(), intruder.teamId(), intruder.projectId(), job.sourceType(),
                job.sourceId(), job.generationJobId(), null, job.serverSessionId(), null, null, null, "forged-req");

        send(forged);

        await().atMost(Duration.ofSeconds(20)).until(() -> owner.count("SELECT count(*) FROM audit_log "
                + "WHERE action = 'generation_job.scope_violation' AND resource_id = ?", job.generationJobId()) == 1);
        assertThat(owner.text("SELECT request_id FROM audit_log WHERE action = 'generation_job.scope_violation' "
                + "AND resource_id = ?", job.generationJobId())).isEqualTo("forged-req");
        assertThat(owner.text("SELECT status FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo("queued");
        assertThat(owner.text("SELECT generation_status FROM sessions WHERE id = ?", session.id())).isEqualTo("queued");
        assertThat(owner.count("SELECT count(*) FROM observations WHERE server_session_id = ?", session.id())).isZero();
        assertThat(promptsOf(session)).isEmpty();
    }

    @Test
    void privateSpansReachNeitherTheProviderNorAnyObservation() {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = endedSession(tenant, List.of(
                userPrompt("Deploy the shop with the token <private>secret-token-123</private> please"),
                bash("export TOKEN=<private>secret-token-123</private> && ./deploy.sh", "deployed", 0),
                read(CWD + "/deploy.sh")));

        send(session.job());

        awaitStatus(tenant, session, "completed");
        assertThat(promptsOf(session)).singleElement().asString()
                .contains("./deploy.sh").doesNotContain("secret-token-123").doesNotContain("private");
        assertThat(tenant.text("SELECT content FROM observations WHERE server_session_id = ? AND kind = 'summary'",
                session.id())).startsWith("Request: Deploy the shop with the token please");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE content LIKE '%secret-token-123%' "
                + "OR metadata::text LIKE '%secret-token-123%'")).isZero();
    }

    @Test
    void sessionWithNothingButPrivateContentCompletesWithoutCallingTheProvider() {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = endedSession(tenant, List.of(
                "<private>{\"prompt\":\"my password is hunter2\"}</private>"));

        send(session.job());

        awaitStatus(tenant, session, "completed");
        assertThat(promptsOf(session)).isEmpty();
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE server_session_id = ?", session.id())).isZero();
        assertThat(tenant.text("SELECT generation_status FROM sessions WHERE id = ?", session.id()))
                .isEqualTo("completed");
        assertThat(tenant.text("SELECT details->>'skipped' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'completed'", session.job().generationJobId()))
                .isEqualTo("nothing left after removing private content");
    }

    @Test
    void providerThatNeverRecoversFailsTheJobAndTheSessionAndDeadLettersTheRecord() {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = endedSession(tenant, List.of(userPrompt("Check the provider"),
                bash("echo FAIL_ALWAYS", "FAIL_ALWAYS", 0)));

        send(session.job());

        awaitStatus(tenant, session, "failed");
        String job = session.job().generationJobId();
        assertThat(tenant.count("SELECT attempts FROM generation_jobs WHERE id = ?", job)).isEqualTo(3);
        assertThat(tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?", job))
                .isEqualTo("retryable");
        assertThat(jobEvents(tenant, session)).containsExactly("queued", "processing", "retry_scheduled", "processing",
                "retry_scheduled", "processing", "failed");
        assertThat(tenant.text("SELECT generation_status FROM sessions WHERE id = ?", session.id())).isEqualTo("failed");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE server_session_id = ?", session.id())).isZero();
        assertThat(deadLettered(job)).isTrue();
    }

    static List<String> cartSessionEvents() {
        return List.of(
                userPrompt("Make the cart apply the bulk discount for baskets over ten items"),
                read(CART),
                """
                {"cwd":"%s","tool_name":"Grep","tool_input":{"pattern":"discount","path":"%s/src"},\
                "tool_response":{"numFiles":1}}""".formatted(CWD, CWD),
                bash("mvn -B test", "[INFO] Scanning for projects...\\n[ERROR] Tests run: 4, Failures: 1\\n"
                        + "[INFO] BUILD FAILURE", 1),
                """
                {"cwd":"%s","tool_name":"Edit","tool_input":{"file_path":"%s","old_string":"if (items > 10)",\
                "new_string":"if (items >= 10)"},"tool_response":{"filePath":"%s","success":true}}"""
                        .formatted(CWD, CART, CART),
                bash("mvn -B test", "[INFO] Tests run: 4, Failures: 0\\n[INFO] BUILD SUCCESS", 0));
    }

    private static String userPrompt(String prompt) {
        return """
                {"session_id":"ext-1","cwd":"%s","hook_event_name":"UserPromptSubmit","prompt":"%s"}"""
                .formatted(CWD, prompt);
    }

    private static String read(String file) {
        return """
                {"cwd":"%s","tool_name":"Read","tool_input":{"file_path":"%s"},"tool_response":{"type":"text"}}"""
                .formatted(CWD, file);
    }

    private static String bash(String command, String stdout, int exitCode) {
        return """
                {"cwd":"%s","tool_name":"Bash","tool_input":{"command":"%s"},\
                "tool_response":{"stdout":"%s","stderr":"","exit_code":%d,"interrupted":false}}"""
                .formatted(CWD, command, stdout, exitCode);
    }

    static EndedSession endedSession(TestTenant tenant, List<String> payloads) {
        UUID sessionId = UUID.randomUUID();
        tenant.update("""
                INSERT INTO sessions (id, team_id, project_id, external_session_id, platform_source, generation_status,
                                      started_at, ended_at)
                VALUES (?, ?, ?, ?, 'claude-code', 'queued', now() - interval '1 hour', now())""",
                sessionId, tenant.teamId(), tenant.projectId(), "ext-" + sessionId);
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30);
        List<UUID> eventIds = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            UUID eventId = UUID.randomUUID();
            String payload = payloads.get(i);
            String type = payload.contains("\"tool_name\"") ? "tool_use" : "user_prompt";
            // Written as received, so private spans are still in the rows: the processor must not rely on ingest.
            // A payload that is not a JSON object (private from end to end) is kept as a JSON string.
            String value = payload.startsWith("{") ? "?::jsonb" : "to_jsonb(?::text)";
            tenant.update("""
                    INSERT INTO agent_events (id, team_id, project_id, server_session_id, source_adapter, event_type,
                                              payload, idempotency_key, occurred_at)
                    VALUES (?, ?, ?, ?, 'hook', ?, %s, ?, ?)""".formatted(value),
                    eventId, tenant.teamId(), tenant.projectId(), sessionId, type, payload, eventId.toString(),
                    start.plusMinutes(i));
            eventIds.add(eventId);
        }
        JobPayload job = JobPayload.forSummary(tenant.teamId(), tenant.projectId(), sessionId.toString(), null, null,
                "req-" + sessionId);
        tenant.update("""
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, server_session_id,
                                             job_type, lane, payload)
                VALUES (?, ?, ?, 'session_summary', ?, ?, 'summary', 'summary', ?::jsonb)""",
                job.generationJobId(), tenant.teamId(), tenant.projectId(), sessionId.toString(), sessionId,
                JobPayloadCodec.write(job));
        tenant.update("""
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status)
                VALUES (?, ?, ?, 'queued', 'queued')""", job.generationJobId(), tenant.teamId(), tenant.projectId());
        return new EndedSession(sessionId, job, eventIds);
    }

    private static void observation(TestTenant tenant, EndedSession session, String content) {
        tenant.update("""
                INSERT INTO observations (team_id, project_id, server_session_id, kind, content)
                VALUES (?, ?, ?, 'discovery', ?)""", tenant.teamId(), tenant.projectId(), session.id(), content);
    }

    private List<String> promptsOf(EndedSession session) {
        String firstEvent = session.eventIds().get(0).toString();
        return provider.prompts().stream().filter(prompt -> prompt.contains(firstEvent)).toList();
    }

    private void send(JobPayload job) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString(), "acks", "all"),
                    new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(Lane.SUMMARY.topic(), job.generationJobId(), JobPayloadCodec.write(job)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(TestTenant tenant, EndedSession session, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(
                tenant.text("SELECT status FROM generation_jobs WHERE id = ?", session.job().generationJobId())));
    }

    private static List<String> jobEvents(TestTenant tenant, EndedSession session) {
        String csv = tenant.text("SELECT string_agg(event_type, ',' ORDER BY id) FROM generation_job_events "
                + "WHERE job_id = ?", session.job().generationJobId());
        return List.of(csv.split(","));
    }

    private boolean deadLettered(String jobId) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "dlq-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            dlq.subscribe(List.of(Lane.SUMMARY.deadLetterTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(record.key())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
