package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobPayload;
import dev.engram.core.key.ApiKeys;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.EngramDashboard;
import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import dev.engram.core.testing.TestTenant;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generation processor with {@code engram.generation.provider=openai}, Spring AI's OpenAI client pointed at a
 * local stub that answers as OpenAI's chat completions API does, through {@link ProviderPipelineScenarios}, and
 * more: a job becomes the observations the model wrote; a 429 waits its Retry-After; a dead-lettered record carries
 * the binder's headers and no key; a job whose API key was revoked is failed and audited before the provider is
 * asked; calls overlap; a project over its daily token budget is parked. Each job's prompt carries its own marker,
 * and the stub answers by marker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=openai",
        "spring.ai.openai.api-key=sk-test-remote-0123456789abcdef",
        "spring.ai.openai.chat.options.model=gpt-4.1-mini",
        "engram.embedding.enabled=false",
        "spring.ai.openai.timeout=1s",
        "engram.processor.retry-base-delay=100ms",
        "engram.generation.daily-token-budget=100000"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class RemoteProviderTest extends ProviderPipelineScenarios {

    static final ProviderStub STUB = new ProviderStub();

    private EventJobs jobs;

    @Autowired
    private PrometheusMeterRegistry prometheus;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.ai.openai.base-url", () -> STUB.baseUrl() + "/v1");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Override
    String provider() {
        return "openai";
    }

    @Override
    ProviderStub stub() {
        return STUB;
    }

    @Override
    Answer success(String text) {
        return Answer.json(200, ProviderStub.openAiCompletion(text));
    }

    @Override
    Answer rateLimited() {
        return new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "1"), """
                {"error":{"message":"Rate limit reached for gpt-4.1-mini on requests per min (RPM)",
                 "type":"requests","param":null,"code":"rate_limit_exceeded"}}""", 0);
    }

    @Override
    Answer serverError() {
        return Answer.json(500, "{\"error\":{\"message\":\"The server had an error while processing your "
                + "request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    }

    @Test
    void theModelsObservationsAreStored() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, Answer.json(200, ProviderStub.openAiCompletion("""
                Here is what I observed:

                ```xml
                <observation>
                  <type>change</type>
                  <title>Retry budget raised in %s</title>
                  <narrative>RetryingHttpClient now retries five times.</narrative>
                  <files_modified><file>src/%s.java</file></files_modified>
                </observation>
                ```""".formatted(marker, marker))));
        JobPayload job = EventJobs.queued(tenant, edit(marker), null);

        send(job);

        EventJobs.awaitStatus(tenant, job, "completed");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND content LIKE ?",
                job.generationJobId(), "%Retry budget raised in " + marker + "%")).isOne();
        ProviderStub.Request request = STUB.requestsWith(marker).get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.body()).contains("\"model\":\"gpt-4.1-mini\"");
        assertThat(tenant.text("SELECT details->>'provider' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'completed'", job.generationJobId())).isEqualTo("openai");
        // the tokens the API reported, per job and attempt, with the model that answered
        assertThat(tenant.text("SELECT provider || ' ' || model || ' ' || input_tokens || ' ' || output_tokens "
                + "FROM provider_usage WHERE job_id = ? AND attempt = 1", job.generationJobId()))
                .isEqualTo("openai gpt-4.1-mini-2025-04-14 412 96");
        // what the Grafana dashboard shows of providers is exported (ops-cli's DashboardTest checks the rest)
        Set<String> providerMetrics = EngramDashboard.metrics().stream()
                .filter(metric -> metric.startsWith("engram_provider_")).collect(Collectors.toSet());
        assertThat(providerMetrics).isNotEmpty();
        assertThat(EngramDashboard.missingFrom(prometheus.scrape(), providerMetrics)).isEmpty();
    }

    @Test
    void aProjectOverItsDailyTokenBudgetIsParkedUntilTheNextDayThenResumes() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, Answer.json(200, ProviderStub.openAiCompletion(observation(marker))));
        // earlier jobs of the project spent the day's budget
        tenant.update("""
                INSERT INTO provider_usage (job_id, attempt, team_id, project_id, provider, input_tokens, output_tokens)
                VALUES ('evt_earlier', 1, ?, ?, 'openai', 90000, 10000)""", tenant.teamId(), tenant.projectId());
        JobPayload job = EventJobs.queued(tenant, edit(marker), null);

        send(job);

        await().atMost(Duration.ofSeconds(30)).until(() -> "budget".equals(tenant.text(
                "SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?", job.generationJobId())));
        assertThat(tenant.text("SELECT status || ' ' || attempts || ' ' || (next_attempt_at = date_trunc('day', "
                + "now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day') FROM generation_jobs WHERE id = ?",
                job.generationJobId())).isEqualTo("queued 0 true");
        assertThat(EventJobs.history(tenant, job)).containsExactly("queued", "processing", "parked");
        assertThat(STUB.requestsWith(marker)).isEmpty();

        // the next day: yesterday's tokens no longer count, and the reconciler publishes the job again
        tenant.update("UPDATE provider_usage SET created_at = now() - interval '1 day' WHERE job_id = 'evt_earlier' "
                + "AND team_id = ?", tenant.teamId());
        tenant.update("UPDATE generation_jobs SET next_attempt_at = now() WHERE id = ?", job.generationJobId());
        send(job);

        EventJobs.awaitStatus(tenant, job, "completed");
        assertThat(STUB.requestsWith(marker)).hasSize(1);
        assertThat(tenant.count("SELECT count(*) FROM provider_usage WHERE job_id = ?", job.generationJobId())).isOne();
    }

    @Test
    void providerCallsOverlapBeyondThePartitionThreads() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, new Answer(200, Map.of("Content-Type", "application/json"),
                ProviderStub.openAiCompletion(observation(marker)), 300));
        List<JobPayload> sent = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            JobPayload job = EventJobs.queued(tenant, edit(marker + "-" + i), null);
            send(job);
            sent.add(job);
        }

        sent.forEach(job -> EventJobs.awaitStatus(tenant, job, "completed"));
        assertThat(STUB.requestsWith(marker)).hasSize(24);
        // two partitions, so two binder threads: more calls than that at once means they overlapped (the peak was
        // asserted above 4 until a loaded run peaked at exactly 4, which already shows the overlap)
        assertThat(STUB.maxConcurrent()).isGreaterThan(2);
    }

    @Test
    void aRateLimitIsRetriedAfterItsRetryAfter() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, rateLimited(), success(observation(marker)));
        JobPayload job = EventJobs.queued(tenant, edit(marker), null);

        send(job);

        EventJobs.awaitStatus(tenant, job, "completed");
        assertThat(EventJobs.history(tenant, job))
                .containsExactly("queued", "processing", "retry_scheduled", "processing", "completed");
        assertThat(tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", job.generationJobId()))
                .startsWith("openai answered 429 (rate limited), retry after 1 s");
        List<ProviderStub.Request> calls = STUB.requestsWith(marker);
        assertThat(calls).hasSize(2);
    }

    @Test
    void aDeadLetteredRecordSaysWhyWithTheBindersHeadersAndNoKey() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, serverError());
        JobPayload job = EventJobs.queued(tenant, edit(marker), null);

        send(job);

        EventJobs.awaitStatus(tenant, job, "failed");
        assertThat(STUB.requestsWith(marker)).hasSize(3);
        assertThat(tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                job.generationJobId())).isEqualTo("retryable");
        ConsumerRecord<String, String> dead = jobs().deadLettered(Lane.EVENT.deadLetterTopic(), job.generationJobId())
                .orElseThrow();
        assertThat(new String(dead.headers().lastHeader("x-exception-message").value(), StandardCharsets.UTF_8))
                .contains("openai answered 500 (server error)").doesNotContain("sk-test-remote");
    }

    @Test
    void aRevokedKeysJobIsRefusedAndAuditedBeforeTheProviderIsAsked() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = marker();
        STUB.when(marker, Answer.json(200, ProviderStub.openAiCompletion(observation(marker))));
        String key = tenant.newKey(tenant.projectId(), List.of("memories:write"));
        String keyId = tenant.text("SELECT id::text FROM api_keys WHERE key_hash = ?", ApiKeys.hash(key));
        tenant.update("UPDATE api_keys SET revoked_at = now() WHERE id = ?::uuid", keyId);
        JobPayload job = EventJobs.queued(tenant, edit(marker), keyId);

        send(job);

        EventJobs.awaitStatus(tenant, job, "failed");
        assertThat(tenant.text("SELECT last_error->>'reason' FROM generation_jobs WHERE id = ?", job.generationJobId()))
                .isEqualTo("the API key that created the job is revoked");
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE action = 'generation_job.key_refused' "
                + "AND resource_id = ?", job.generationJobId())).isOne();
        assertThat(STUB.requestsWith(marker)).isEmpty();
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", job.generationJobId()))
                .isZero();
    }

    private void send(JobPayload job) {
        jobs().send(Lane.EVENT.topic(), job);
    }

    private EventJobs jobs() {
        if (jobs == null) {
            jobs = new EventJobs(kafka);
        }
        return jobs;
    }

    private static String marker() {
        return "marker" + UUID.randomUUID().toString().replace("-", "");
    }
}
