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
 * The generation processor with {@code engram.generation.provider=anthropic}: Spring AI's Anthropic client against a
 * local stub answering as the Messages API does. An overloaded answer (529) is retried and the job completes with
 * the model's observation and its tokens recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=anthropic",
        "spring.ai.anthropic.api-key=sk-ant-test-remote-0123456789",
        "spring.ai.anthropic.chat.options.model=claude-sonnet-4-5",
        "engram.embedding.enabled=false",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class AnthropicProviderTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("generation");
    static final ProviderStub STUB = new ProviderStub();

    @Autowired
    EmbeddedKafkaBroker kafka;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.ai.anthropic.base-url", STUB::baseUrl);
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void anOverloadedAnswerIsRetriedAndTheJobCompletesWithTheModelsObservation() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String marker = "marker" + UUID.randomUUID().toString().replace("-", "");
        STUB.when(marker,
                Answer.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                Answer.json(200, ProviderStub.anthropicMessage("""
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
                .startsWith("anthropic answered 529 (overloaded)");
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND content LIKE ?",
                job.generationJobId(), "%Edited " + marker + "%")).isOne();
        assertThat(tenant.text("SELECT provider || ' ' || input_tokens || ' ' || output_tokens FROM provider_usage "
                + "WHERE job_id = ? AND attempt = 2", job.generationJobId())).isEqualTo("anthropic 412 96");
        ProviderStub.Request request = STUB.requestsWith(marker).get(1);
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo("sk-ant-test-remote-0123456789");
    }
}
