package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generation processor with {@code engram.generation.provider=anthropic}: Spring AI's Anthropic client against a
 * local stub answering as the Messages API does, through {@link ProviderPipelineScenarios}, and an overloaded answer
 * (529), which only Anthropic sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=anthropic",
        "spring.ai.anthropic.api-key=sk-ant-test-remote-0123456789",
        "spring.ai.anthropic.chat.options.model=claude-sonnet-4-5",
        "spring.ai.anthropic.timeout=1s",
        "engram.embedding.enabled=false",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class AnthropicProviderTest extends ProviderPipelineScenarios {

    static final ProviderStub STUB = new ProviderStub();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.ai.anthropic.base-url", STUB::baseUrl);
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Override
    String provider() {
        return "anthropic";
    }

    @Override
    ProviderStub stub() {
        return STUB;
    }

    @Override
    Answer success(String text) {
        return Answer.json(200, ProviderStub.anthropicMessage(text));
    }

    @Override
    Answer rateLimited() {
        return new Answer(429, Map.of("Content-Type", "application/json", "retry-after", "1"), """
                {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate \
                limit for your organization of 50 requests per minute."}}""", 0);
    }

    @Override
    Answer serverError() {
        return Answer.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}");
    }

    @Test
    void anOverloadedAnswerIsRetriedAndTheJobCompletesSentWithTheKeyAndVersion() {
        Scenario run = new Scenario();
        STUB.when(run.marker,
                Answer.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                success(run.observation()));

        run.sendAndAwait("completed");

        assertThat(run.tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", run.job.generationJobId()))
                .startsWith("anthropic answered 529 (overloaded)");
        ProviderStub.Request request = STUB.requestsWith(run.marker).get(1);
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo("sk-ant-test-remote-0123456789");
        assertThat(request.header("anthropic-version")).isNotBlank();
    }
}
