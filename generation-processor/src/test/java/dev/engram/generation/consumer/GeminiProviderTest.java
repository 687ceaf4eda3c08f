package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobPayload;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generation processor with {@code engram.generation.provider=gemini}: Spring AI's OpenAI client on Gemini's
 * OpenAI-compatible endpoint (a local stub answering as it does), configured from Spring AI's Google GenAI keys. An
 * overloaded model (503 {@code UNAVAILABLE}) is retried and the job completes with the model's observation and its
 * tokens recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=gemini",
        "spring.ai.google.genai.api-key=AIzaSyRemote-0123456789abcdefghijklm",
        "engram.embedding.enabled=false",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class GeminiProviderTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("generation");
    static final ProviderStub STUB = new ProviderStub();

    @Autowired
    EmbeddedKafkaBroker kafka;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("engram.gemini.base-url", () -> STUB.baseUrl() + "/v1beta/openai");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void anOverloadedModelIsRetriedAndTheJobCompletesWithTheModelsObservation() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = "marker" + UUID.randomUUID().toString().replace("-", "");
        STUB.when(marker,
                Answer.json(503, "[{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again "
                        + "later.\",\"status\":\"UNAVAILABLE\"}}]"),
                Answer.json(200, ProviderStub.openAiCompletion("""
                        <observation>
                          <type>change</type>
                          <title>Edited %s</title>
                          <narrative>The retry count went from three to five.</narrative>
                        </observation>""".formatted(marker))));
        JobPayload job = EventJobs.queued(tenant, """
                {"tool_name":"Edit","tool_input":{"file_path":"src/%s.java","old_string":"retry(3)",
                 "new_string":"retry(5)"},"tool_response":"ok"}""".formatted(marker), null);

        try (EventJobs jobs = new EventJobs(kafka)) {
            jobs.send(Lane.EVENT.topic(), job);
            EventJobs.awaitStatus(tenant, job, "completed");
        }

        assertThat(EventJobs.history(tenant, job))
                .containsExactly("queued", "processing", "retry_scheduled", "processing", "completed");
        assertThat(tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", job.generationJobId()))
                .startsWith("gemini answered 503 (server error)");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND content LIKE ?",
                job.generationJobId(), "%Edited " + marker + "%")).isOne();
        assertThat(tenant.text("SELECT provider || ' ' || input_tokens || ' ' || output_tokens FROM provider_usage "
                + "WHERE job_id = ? AND attempt = 2", job.generationJobId())).isEqualTo("gemini 412 96");
        ProviderStub.Request request = STUB.requestsWith(marker).get(1);
        assertThat(request.path()).isEqualTo("/v1beta/openai/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer AIzaSyRemote-0123456789abcdefghijklm");
        assertThat(request.body()).contains("\"model\":\"gemini-2.5-flash\"");
    }
}
