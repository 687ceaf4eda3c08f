package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generation processor with {@code engram.generation.provider=gemini}: Spring AI's OpenAI client on Gemini's
 * OpenAI-compatible endpoint (a local stub answering as it does), configured from Spring AI's Google GenAI keys,
 * through {@link ProviderPipelineScenarios}, and an overloaded model (503 {@code UNAVAILABLE}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=gemini",
        "spring.ai.google.genai.api-key=AIzaSyRemote-0123456789abcdefghijklm",
        "spring.ai.openai.timeout=1s",
        "engram.embedding.enabled=false",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class GeminiProviderTest extends ProviderPipelineScenarios {

    static final ProviderStub STUB = new ProviderStub();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("engram.gemini.base-url", () -> STUB.baseUrl() + "/v1beta/openai");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Override
    String provider() {
        return "gemini";
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
        return Answer.json(429, """
                [{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing \
                details.","status":"RESOURCE_EXHAUSTED"}}]""");
    }

    @Override
    Answer serverError() {
        return Answer.json(500, """
                [{"error":{"code":500,"message":"An internal error has occurred. Please retry or report in \
                https://developers.generativeai.google/guide/troubleshooting","status":"INTERNAL"}}]""");
    }

    @Test
    void anOverloadedModelIsRetriedAndTheJobCompletesSentToTheCompatibleEndpointWithTheKeyAndModel() {
        Scenario run = new Scenario();
        STUB.when(run.marker, Answer.json(503, "[{\"error\":{\"code\":503,\"message\":\"The model is overloaded. "
                + "Please try again later.\",\"status\":\"UNAVAILABLE\"}}]"), success(run.observation()));

        run.sendAndAwait("completed");

        assertThat(run.tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", run.job.generationJobId()))
                .startsWith("gemini answered 503 (server error)");
        ProviderStub.Request request = STUB.requestsWith(run.marker).get(1);
        assertThat(request.path()).isEqualTo("/v1beta/openai/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer AIzaSyRemote-0123456789abcdefghijklm");
        assertThat(request.body()).contains("\"model\":\"gemini-2.5-flash\"");
    }
}
