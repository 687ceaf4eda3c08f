package dev.engram.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.core.provider.ProviderException;
import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The remote providers through Spring AI's own auto-configuration and clients, against a local stub answering as
 * each real API does: the answer's text comes back; 429 (with its Retry-After), 5xx, Anthropic's 529 and timeouts
 * are retryable; other 4xx are not; the clients never retry on their own; and no API key reaches an error message.
 */
class ChatModelProviderTest {

    private static final String OPENAI_KEY = "sk-test-0123456789abcdefghij2345";
    private static final String ANTHROPIC_KEY = "sk-ant-test-0123456789abcdefghij";
    private static final String GEMINI_KEY = "AIzaSyTest-0123456789abcdefghijklmnop";
    private static final String ANSWER = """
            <observation>
              <type>change</type>
              <title>Retry budget raised</title>
              <narrative>RetryingHttpClient now retries five times.</narrative>
            </observation>""";

    private final ProviderStub stub = new ProviderStub();

    @AfterEach
    void stop() {
        stub.close();
    }

    // ---- OpenAI-compatible ----

    @Test
    void openAiAnswersTheCompletionsTextAndSendsTheModelAndKey() {
        stub.then(Answer.json(200, ProviderStub.openAiCompletion(ANSWER)));
        openAi(provider -> {
            assertThat(provider.generate("Observe this tool use")).isEqualTo(ANSWER);
            ProviderStub.Request request = stub.requests().get(0);
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + OPENAI_KEY);
            assertThat(request.body()).contains("\"model\":\"gpt-4.1-mini\"").contains("Observe this tool use");
        });
    }

    @Test
    void openAiRateLimitIsRetryableAfterItsRetryAfterAndTheClientDoesNotRetryItself() {
        stub.then(new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "7"), """
                {"error":{"message":"Rate limit reached for gpt-4.1-mini in organization org-x on requests per min (RPM): \
                Limit 500, Used 500, Requested 1. Please try again in 7s.","type":"requests","param":null,\
                "code":"rate_limit_exceeded"}}""", 0));
        openAi(provider -> {
            assertThatThrownBy(() -> provider.generate("x")).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                assertThat(e.getMessage()).startsWith("openai answered 429 (rate limited), retry after 7 s");
                assertThat(e.getCause()).isNull();
            });
            assertThat(stub.requests()).hasSize(1);
        });
    }

    @Test
    void openAiServerErrorsAreRetryableOtherClientErrorsAreNot() {
        stub.then(Answer.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"))
                .then(Answer.json(400, "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":"
                        + "\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":null}}"));
        openAi(provider -> {
            assertThat(failure(provider)).satisfies(e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).startsWith("openai answered 500 (server error)");
            });
            assertThat(failure(provider)).satisfies(e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).startsWith("openai answered 400 (bad request)").contains("max_tokens");
            });
        });
    }

    @Test
    void aKeyEchoedByTheProviderNeverReachesTheMessage() {
        stub.then(Answer.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY
                + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        openAi(provider -> assertThat(failure(provider)).satisfies(e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).startsWith("openai answered 401 (unauthorized: check the API key)")
                    .doesNotContain(OPENAI_KEY).doesNotContain("0123456789abcdefghij").contains("[redacted]");
        }));
    }

    // ---- Anthropic ----

    @Test
    void anthropicAnswersTheMessagesTextAndSendsTheModelAndKey() {
        stub.then(Answer.json(200, ProviderStub.anthropicMessage(ANSWER)));
        anthropic(provider -> {
            assertThat(provider.generate("Summarise this session")).isEqualTo(ANSWER);
            ProviderStub.Request request = stub.requests().get(0);
            assertThat(request.path()).isEqualTo("/v1/messages");
            assertThat(request.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
            assertThat(request.body()).contains("\"model\":\"claude-sonnet-4-5\"").contains("Summarise this session");
        });
    }

    @Test
    void anthropicRateLimitAndOverloadAreRetryableAndABadRequestIsNot() {
        stub.then(new Answer(429, Map.of("Content-Type", "application/json", "retry-after", "12"), """
                        {"type":"error","error":{"type":"rate_limit_error",
                         "message":"Number of request tokens has exceeded your per-minute rate limit"}}""", 0))
                .then(Answer.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}"))
                .then(Answer.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"prompt is too long: 212345 tokens > 200000 maximum\"}}"));
        anthropic(provider -> {
            assertThat(failure(provider)).satisfies(e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
                assertThat(e.getMessage()).startsWith("anthropic answered 429 (rate limited), retry after 12 s");
            });
            assertThat(failure(provider)).satisfies(e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).startsWith("anthropic answered 529 (overloaded)");
            });
            assertThat(failure(provider)).satisfies(e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("prompt is too long");
            });
            assertThat(stub.requests()).hasSize(3);
        });
    }

    /** Spring AI 2.0.1's OpenAI client alone never gave up on this stub; {@link OpenAiTimeouts} makes it. */
    @Test
    void openAiTimeoutIsRetryable() {
        stub.then(new Answer(200, Map.of("Content-Type", "application/json"), ProviderStub.openAiCompletion("late"),
                2_500));
        openAi(provider -> assertThat(failure(provider)).satisfies(e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).startsWith("openai could not be reached or did not answer in time");
        }));
    }

    @Test
    void anthropicTimeoutIsRetryable() {
        stub.then(new Answer(200, Map.of("Content-Type", "application/json"), "{}", 2_500));
        anthropic(provider -> assertThat(failure(provider)).satisfies(e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).startsWith("anthropic could not be reached or did not answer in time");
        }));
    }

    @Test
    void theRulesProviderTurnsEverySpringAiModelOff() {
        new ApplicationContextRunner()
                .withInitializer(context -> new ProviderSelection().postProcessEnvironment(context.getEnvironment(),
                        new SpringApplication()))
                .withConfiguration(AutoConfigurations.of(OpenAiChatAutoConfiguration.class,
                        AnthropicChatAutoConfiguration.class, ToolCallingAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ChatModel.class);
                    assertThat(context.getEnvironment().getProperty("spring.ai.model.chat")).isEqualTo("none");
                });
    }

    private static ProviderException failure(ChatModelProvider provider) {
        try {
            provider.generate("x");
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    // ---- Gemini, through its OpenAI-compatible endpoint ----

    @Test
    void geminiIsReachedAtItsOpenAiCompatibleEndpointWithTheGoogleGenAiKeyAndModel() {
        stub.then(Answer.json(200, """
                {"choices":[{"finish_reason":"stop","index":0,"message":{"content":%s,"role":"assistant"}}],
                 "created":1764590000,"id":"aBcDeFgHiJkLmNoPqRsTuV","model":"gemini-2.5-flash","object":"chat.completion",
                 "usage":{"completion_tokens":41,"prompt_tokens":212,"total_tokens":253}}"""
                .formatted(ProviderStub.quoted(ANSWER))));
        gemini(List.of("spring.ai.google.genai.chat.options.model=gemini-2.5-pro"), provider -> {
            assertThat(provider.generate("Observe this tool use")).isEqualTo(ANSWER);
            ProviderStub.Request request = stub.requests().get(0);
            assertThat(request.path()).isEqualTo("/v1beta/openai/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + GEMINI_KEY);
            assertThat(request.body()).contains("\"model\":\"gemini-2.5-pro\"");
        });
    }

    @Test
    void geminiQuotaExhaustionIsRetryableAndItsKeyNeverShows() {
        stub.then(Answer.json(429, """
                [{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing                 details. API key AIzaSyD-0123456789abcdefghijklmnopqrstu.","status":"RESOURCE_EXHAUSTED"}}]"""));
        gemini(List.of(), provider -> {
            assertThatThrownBy(() -> provider.generate("x")).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).startsWith("gemini answered 429 (rate limited)")
                        .doesNotContain(GEMINI_KEY).doesNotContain("AIzaSyD-0123456789");
            });
            assertThat(stub.requests()).hasSize(1);
            assertThat(stub.requests().get(0).body()).contains("\"model\":\"gemini-2.5-flash\"");
        });
    }

    private void gemini(List<String> extra, Consumer<ChatModelProvider> test) {
        List<String> properties = new ArrayList<>(List.of("spring.ai.google.genai.api-key=" + GEMINI_KEY,
                "engram.gemini.base-url=" + stub.baseUrl() + "/v1beta/openai", "spring.ai.openai.timeout=1s",
                // set for another use: the Google GenAI key and Engram's Gemini endpoint win
                "spring.ai.openai.api-key=sk-other-0123456789abcdefghij"));
        properties.addAll(extra);
        run("gemini", properties, test, GEMINI_KEY);
    }

    private void openAi(Consumer<ChatModelProvider> test) {
        run("openai", List.of("spring.ai.openai.api-key=" + OPENAI_KEY, "spring.ai.openai.base-url=" + stub.baseUrl()
                + "/v1", "spring.ai.openai.chat.options.model=gpt-4.1-mini", "spring.ai.openai.timeout=1s"), test,
                OPENAI_KEY);
    }

    private void anthropic(Consumer<ChatModelProvider> test) {
        run("anthropic", List.of("spring.ai.anthropic.api-key=" + ANTHROPIC_KEY, "spring.ai.anthropic.base-url="
                + stub.baseUrl(), "spring.ai.anthropic.chat.options.model=claude-sonnet-4-5",
                "spring.ai.anthropic.timeout=1s"), test, ANTHROPIC_KEY);
    }

    private void run(String provider, List<String> properties, Consumer<ChatModelProvider> test, String key) {
        new ApplicationContextRunner()
                .withPropertyValues("engram.generation.provider=" + provider)
                .withPropertyValues(properties.toArray(String[]::new))
                .withInitializer(context -> new ProviderSelection().postProcessEnvironment(context.getEnvironment(),
                        new SpringApplication()))
                .withConfiguration(AutoConfigurations.of(OpenAiChatAutoConfiguration.class,
                        AnthropicChatAutoConfiguration.class, ToolCallingAutoConfiguration.class))
                .withUserConfiguration(OpenAiTimeouts.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ChatModel model = context.getBean(ChatModel.class);
                    test.accept(new ChatModelProvider(provider, model, new ProviderFailures(List.of(key))));
                });
    }

}
