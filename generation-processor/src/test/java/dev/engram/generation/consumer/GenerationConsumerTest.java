package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generation processor against the real Postgres and a real broker: records are produced to
 * {@code engram.jobs.event} exactly as the relay sends them, for jobs written as ingest writes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.stream.bindings.generateObservations-in-0.consumer.back-off-initial-interval=100",
        "spring.cloud.stream.bindings.generateObservations-in-0.consumer.back-off-multiplier=1.0",
        "spring.cloud.stream.bindings.generateObservations-in-0.consumer.back-off-max-interval=100",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
@Import(MarkedFailuresProvider.Configuration.class)
class GenerationConsumerTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("generation");

    static EventJobs jobs;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    BindingsLifecycleController bindings;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int managementPort;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void closeProducer() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void eventJobBecomesObservationsLinkedToItsEventAndCompletes() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("src/main/java/dev/engram/App.java"));

        send(job);

        awaitStatus(tenant, job, "completed");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isOne();
        assertThat(tenant.text("SELECT kind FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isEqualTo("discovery");
        assertThat(tenant.text("SELECT content FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .contains("src/main/java/dev/engram/App.java");
        assertThat(tenant.text("SELECT generation_key FROM observations WHERE created_by_job_id = ?",
                job.generationJobId())).startsWith("generation:v1:" + job.generationJobId() + ":0:");
        assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE source_type = 'agent_event' "
                + "AND source_id = ? AND generation_job_id = ?", job.agentEventId(), job.generationJobId())).isOne();
        assertThat(jobEvents(tenant, job)).containsExactly("queued", "processing", "completed");
        assertThat(tenant.count("SELECT count(*) FROM observation_search s JOIN observations o ON o.id = s.observation_id "
                + "WHERE s.search_vector @@ to_tsquery('english', 'read') AND o.created_by_job_id = ?", job.generationJobId())).isOne();
    }

    @Test
    void recordsThatArriveTogetherAreRunAsOneBatchAndEachJobGetsItsOwnResults() {
        TestTenant first = TestTenant.create(DATABASE);
        TestTenant second = TestTenant.create(DATABASE);
        List<JobPayload> batch = new ArrayList<>();
        Map<String, String> fileOfJob = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            JobPayload job = queuedEventJob(i % 2 == 0 ? first : second, readPayload("src/batch/File" + i + ".java"));
            batch.add(job);
            fileOfJob.put(job.generationJobId(), "src/batch/File" + i + ".java");
        }
        JobPayload gone = JobPayload.forEvent(first.teamId(), first.projectId(), UUID.randomUUID().toString(), null,
                null, null, "hook", "req-gone");
        batch.add(5, batch.get(3));
        batch.add(9, gone);
        double batchesBefore = batchSizes().count();

        bindings.pause("generateObservations-in-0");
        try {
            jobs().sendOnOnePartition(Lane.EVENT.topic(), batch);
        } finally {
            bindings.resume("generateObservations-in-0");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> first.count("SELECT count(*) FROM generation_jobs "
                + "WHERE team_id IN (?, ?) AND status = 'completed'", first.teamId(), second.teamId()) == 20);
        for (JobPayload job : batch) {
            if (job == gone) {
                continue;
            }
            TestTenant owner = job.teamId().equals(first.teamId()) ? first : second;
            assertThat(owner.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND team_id = ?",
                    job.generationJobId(), owner.teamId())).isOne();
            assertThat(owner.text("SELECT content FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                    .contains(fileOfJob.get(job.generationJobId()));
            assertThat(owner.count("SELECT count(*) FROM observation_sources WHERE source_type = 'agent_event' "
                    + "AND source_id = ? AND generation_job_id = ?", job.agentEventId(), job.generationJobId())).isOne();
            assertThat(jobEvents(owner, job)).containsExactly("queued", "processing", "completed");
        }
        // 22 records (one twice, one for a job that does not exist) in fewer polls than records
        assertThat(batchSizes().count() - batchesBefore).isLessThan(22);
        assertThat(batchSizes().max()).isGreaterThan(1);
    }

    @Test
    void aRecordWhoseResultsTheDatabaseRefusesFailsAloneAndTheRestOfItsPollCompletes() {
        TestTenant tenant = TestTenant.create(DATABASE);
        tenant.update("""
                CREATE OR REPLACE FUNCTION refuse_unstorable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.content LIKE '%UNSTORABLE%' THEN
                        RAISE EXCEPTION 'observation refused by the test';
                    END IF;
                    RETURN NEW;
                END $$""");
        tenant.update("CREATE OR REPLACE TRIGGER refuse_unstorable BEFORE INSERT ON observations FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_unstorable()");
        JobPayload before = queuedEventJob(tenant, readPayload("src/Before.java"));
        JobPayload refused = queuedEventJob(tenant, readPayload("src/UNSTORABLE.java"));
        JobPayload after = queuedEventJob(tenant, readPayload("src/After.java"));
        double fallbacksBefore = meters.counter("engram.jobs.batch.fallbacks").count();

        bindings.pause("generateObservations-in-0");
        try {
            jobs().sendOnOnePartition(Lane.EVENT.topic(), List.of(before, refused, after));
        } finally {
            bindings.resume("generateObservations-in-0");
        }

        awaitStatus(tenant, refused, "failed");
        awaitStatus(tenant, before, "completed");
        awaitStatus(tenant, after, "completed");
        assertThat(tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                refused.generationJobId())).isEqualTo("unexpected");
        assertThat(tenant.text("SELECT last_error->>'reason' FROM generation_jobs WHERE id = ?",
                refused.generationJobId())).contains("observation refused by the test");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?",
                refused.generationJobId())).isZero();
        assertThat(deadLettered(refused.generationJobId())).isTrue();
        assertThat(meters.counter("engram.jobs.batch.fallbacks").count()).isGreaterThan(fallbacksBefore);
    }

    @Test
    void aRecordThatIsNoJobPayloadIsDeadLetteredAsItCameAndTheLaneGoesOn() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String garbage = "{\"not\":\"a job payload " + UUID.randomUUID() + "\"}";
        JobPayload after = queuedEventJob(tenant, readPayload("src/AfterGarbage.java"));

        jobs().sendRaw(Lane.EVENT.topic(), after.generationJobId(), garbage);
        send(after);

        awaitStatus(tenant, after, "completed");
        ConsumerRecord<String, String> dead = jobs().deadLetteredValue(Lane.EVENT.deadLetterTopic(), garbage)
                .orElseThrow();
        assertThat(new String(dead.headers().lastHeader("x-exception-fqcn").value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.engram.core.job.InvalidJobPayloadException");
        assertThat(new String(dead.headers().lastHeader("x-original-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Lane.EVENT.topic());
    }

    private DistributionSummary batchSizes() {
        return meters.summary("engram.jobs.batch.size");
    }

    @Test
    void observationsAndMemoriesGetTheirEmbeddingWithinSeconds() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("src/main/java/dev/engram/Embedded.java"));
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content) VALUES (?, ?, 'manual', ?)",
                tenant.teamId(), tenant.projectId(), "A memory written straight through POST /v1/memories");

        send(job);

        awaitStatus(tenant, job, "completed");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(tenant.count(
                "SELECT count(*) FROM observation_embeddings WHERE team_id = ? AND embedding IS NULL", tenant.teamId()))
                .isZero());
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE team_id = ? "
                + "AND vector_dims(embedding) = 384", tenant.teamId())).isEqualTo(2);
    }

    @Test
    void deliveryOutcomesAreServedToPrometheus() throws Exception {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("src/Metrics.java"));
        send(job);
        awaitStatus(tenant, job, "completed");

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("engram_jobs_deliveries_total\\{.*job_type=\"event\".*outcome=\"completed\"");
    }

    @Test
    void sameRecordDeliveredTwiceStillMakesOneObservation() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("docs/architecture.md"));

        send(job);
        send(job);

        awaitStatus(tenant, job, "completed");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? "
                        + "AND event_type = 'processing'", job.generationJobId())).isOne());
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isOne();
    }

    @Test
    void reprocessingAJobWhoseResultsAreStoredWritesNothingNew() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("pom.xml"));
        send(job);
        awaitStatus(tenant, job, "completed");

        // As after a crash between the observation write and the record's offset commit, replayed.
        tenant.update("UPDATE generation_jobs SET status = 'queued' WHERE id = ?", job.generationJobId());
        send(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> tenant.count("SELECT count(*) FROM generation_job_events "
                + "WHERE job_id = ? AND event_type = 'completed'", job.generationJobId()) == 2);
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE generation_job_id = ?",
                job.generationJobId())).isOne();
    }

    @Test
    void recordNamingAnotherTenantIsAuditedAndNotProcessed() {
        TestTenant owner = TestTenant.create(DATABASE);
        TestTenant intruder = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(owner, readPayload("secret.txt"));
        JobPayload forged = new JobPayload(1, job.kind(), intruder.teamId(), intruder.projectId(), job.sourceType(),
                job.sourceId(), job.generationJobId(), job.agentEventId(), null, null, null, "hook", "forged-req");

        send(forged);

        await().atMost(Duration.ofSeconds(20)).until(() -> owner.count("SELECT count(*) FROM audit_log "
                + "WHERE action = 'generation_job.scope_violation' AND resource_id = ?", job.generationJobId()) == 1);
        assertThat(owner.text("SELECT status FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo("queued");
        assertThat(owner.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isZero();
    }

    @Test
    void retryableProviderFailureIsRetriedAfterItsDelayAndThenSucceeds() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, bashPayload("echo FAIL_ONCE"));

        send(job);

        awaitStatus(tenant, job, "completed");
        assertThat(jobEvents(tenant, job))
                .containsExactly("queued", "processing", "retry_scheduled", "processing", "completed");
        assertThat(tenant.count("SELECT attempts FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo(2);
    }

    @Test
    void providerThatNeverRecoversFailsTheJobAfterMaxAttemptsAndDeadLettersTheRecord() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, bashPayload("echo FAIL_ALWAYS"));

        send(job);

        awaitStatus(tenant, job, "failed");
        assertThat(tenant.count("SELECT attempts FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo(3);
        assertThat(tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                job.generationJobId())).isEqualTo("retryable");
        assertThat(deadLettered(job.generationJobId())).isTrue();
    }

    @Test
    void nonRetryableFailureFailsAtOnceAndDeadLetters() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, bashPayload("echo FAIL_HARD"));

        send(job);

        awaitStatus(tenant, job, "failed");
        assertThat(tenant.count("SELECT attempts FROM generation_jobs WHERE id = ?", job.generationJobId())).isOne();
        assertThat(deadLettered(job.generationJobId())).isTrue();
    }

    @Test
    void answerThatIsNeitherObservationsNorSkipIsAParseFailureAfterTheAttempts() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, bashPayload("echo GARBAGE"));

        send(job);

        awaitStatus(tenant, job, "failed");
        assertThat(tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                job.generationJobId())).isEqualTo("parse_failure");
    }

    @Test
    void cancelledJobIsNeverProcessed() {
        TestTenant tenant = TestTenant.create(DATABASE);
        JobPayload job = queuedEventJob(tenant, readPayload("cancelled.txt"));
        tenant.update("UPDATE generation_jobs SET status = 'cancelled', cancelled_at = now() WHERE id = ?",
                job.generationJobId());
        JobPayload marker = queuedEventJob(tenant, readPayload("after-cancel.txt"));

        send(job);
        send(marker);

        awaitStatus(tenant, marker, "completed");
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo("cancelled");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isZero();
    }

    @Test
    void eventBatchJobTurnsEveryEventOfItsWindowIntoObservationsLinkedToThoseEvents() {
        TestTenant tenant = TestTenant.create(DATABASE);
        UUID session = UUID.randomUUID();
        tenant.update("INSERT INTO sessions (id, team_id, project_id) VALUES (?, ?, ?)", session, tenant.teamId(),
                tenant.projectId());
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        DebounceWindow window = DebounceWindow.containing(session.toString(), start, Duration.ofSeconds(10));
        List<UUID> inWindow = List.of(
                sessionEvent(tenant, session, start.plusMillis(10), readPayload("src/A.java")),
                sessionEvent(tenant, session, start.plusMillis(20), readPayload("src/B.java")),
                sessionEvent(tenant, session, start.plusMillis(9_999), bashPayload("mvn -q verify")));
        UUID later = sessionEvent(tenant, session, start.plusSeconds(10), readPayload("src/Later.java"));
        JobPayload job = queuedBatchJob(tenant, session, window);

        sendTo(Lane.EVENT_BATCH.topic(), job);

        awaitStatus(tenant, job, "completed");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isEqualTo(3);
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? "
                + "AND server_session_id = ?", job.generationJobId(), session)).isEqualTo(3);
        for (UUID event : inWindow) {
            assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE source_id = ?", event.toString()))
                    .isEqualTo(3);
        }
        assertThat(tenant.count("SELECT count(*) FROM observation_sources WHERE source_id = ?", later.toString()))
                .isZero();
        assertThat(tenant.text("SELECT string_agg(content, ' ') FROM observations WHERE created_by_job_id = ?",
                job.generationJobId())).contains("src/A.java").contains("src/B.java").doesNotContain("Later.java");
    }

    @Test
    void eventBatchJobDeliveredBeforeItsWindowClosedIsLeftQueuedAndRunsWhenDeliveredOnceDue() {
        // a connector publishes a debounce window's outbox row at commit, not when it is due (ADR 0011)
        TestTenant tenant = TestTenant.create(DATABASE);
        UUID session = UUID.randomUUID();
        tenant.update("INSERT INTO sessions (id, team_id, project_id) VALUES (?, ?, ?)", session, tenant.teamId(),
                tenant.projectId());
        Instant start = Instant.parse("2026-11-24T11:00:00Z");
        JobPayload early = batchJob(tenant, session, start, "src/Early.java");
        JobPayload other = batchJob(tenant, session, start.plusSeconds(10), "src/Other.java");
        tenant.update("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, available_at)
                VALUES (gen_random_uuid(), 'event-batch', ?, 'event-batch', ?::jsonb, now() + interval '1 hour')""",
                early.generationJobId(), JobPayloadCodec.write(early));

        jobs().sendOnOnePartition(Lane.EVENT_BATCH.topic(), List.of(early, other));

        awaitStatus(tenant, other, "completed");
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", early.generationJobId()))
                .isEqualTo("queued");
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ?",
                early.generationJobId())).as("no claim, no attempt").isZero();

        tenant.update("UPDATE outbox SET available_at = now() - interval '1 second' WHERE aggregateid = ?",
                early.generationJobId());
        sendTo(Lane.EVENT_BATCH.topic(), early);

        awaitStatus(tenant, early, "completed");
        assertThat(tenant.text("SELECT string_agg(content, ' ') FROM observations WHERE created_by_job_id = ?",
                early.generationJobId())).contains("src/Early.java");
    }

    /** A queued debounce job over one event of {@code session} received at {@code at}, reading {@code file}. */
    private JobPayload batchJob(TestTenant tenant, UUID session, Instant at, String file) {
        sessionEvent(tenant, session, at, readPayload(file));
        return queuedBatchJob(tenant, session,
                DebounceWindow.containing(session.toString(), at, Duration.ofSeconds(10)));
    }

    /** The queued debounce job of {@code window}, as ingest writes it. */
    private JobPayload queuedBatchJob(TestTenant tenant, UUID session, DebounceWindow window) {
        JobPayload job = JobPayload.forEventBatch(tenant.teamId(), tenant.projectId(), window, null, null, "req-b");
        tenant.update("""
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, server_session_id,
                                             job_type, lane, payload)
                VALUES (?, ?, ?, 'event_batch', ?, ?, 'event-batch', 'event-batch', ?::jsonb)""",
                job.generationJobId(), tenant.teamId(), tenant.projectId(), window.sourceId(), session,
                JobPayloadCodec.write(job));
        return job;
    }

    private UUID sessionEvent(TestTenant tenant, UUID session, Instant receivedAt, String payloadJson) {
        UUID eventId = UUID.randomUUID();
        tenant.update("""
                INSERT INTO agent_events (id, team_id, project_id, server_session_id, source_adapter, event_type,
                                          payload, idempotency_key, occurred_at, received_at)
                VALUES (?, ?, ?, ?, 'hook', 'tool_use', ?::jsonb, ?, ?, ?)""",
                eventId, tenant.teamId(), tenant.projectId(), session, payloadJson, eventId.toString(),
                java.sql.Timestamp.from(receivedAt), java.sql.Timestamp.from(receivedAt));
        return eventId;
    }

    private JobPayload queuedEventJob(TestTenant tenant, String payloadJson) {
        return EventJobs.queued(tenant, payloadJson, null);
    }

    private void send(JobPayload job) {
        sendTo(Lane.EVENT.topic(), job);
    }

    private EventJobs jobs() {
        if (jobs == null) {
            jobs = new EventJobs(kafka);
        }
        return jobs;
    }

    private void sendTo(String topic, JobPayload job) {
        jobs().send(topic, job);
    }

    private static void awaitStatus(TestTenant tenant, JobPayload job, String status) {
        EventJobs.awaitStatus(tenant, job, status);
    }

    private static List<String> jobEvents(TestTenant tenant, JobPayload job) {
        return EventJobs.history(tenant, job);
    }

    private boolean deadLettered(String jobId) {
        if (jobs == null) {
            jobs = new EventJobs(kafka);
        }
        return jobs.deadLettered(Lane.EVENT.deadLetterTopic(), jobId).isPresent();
    }

    private static String readPayload(String file) {
        return """
                {"tool_name":"Read","tool_input":{"file_path":"%s"},"tool_response":"line one\\nline two"}"""
                .formatted(file);
    }

    private static String bashPayload(String command) {
        return """
                {"tool_name":"Bash","tool_input":{"command":"%s"},"tool_response":{"stdout":"done","exit_code":0}}"""
                .formatted(command);
    }
}
