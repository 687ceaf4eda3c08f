package dev.engram.processor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code engram.generation.provider} into Spring AI's own model selection, as defaults any explicit setting
 * overrides: {@code spring.ai.model.chat} is the provider's chat model ({@code anthropic}, {@code openai}; {@code gemini}
 * is the OpenAI client on Gemini's OpenAI-compatible endpoint) or
 * {@code none} (for {@code rules}), Spring AI's other models (embeddings, images, audio, moderation) are off —
 * Engram embeds locally — and the clients' own retries are off, since a retry goes back through the binder and
 * is recorded on the job. Without this, every starter on the classpath would create its models and ask for keys.
 */
public final class ProviderSelection implements EnvironmentPostProcessor, Ordered {

    /** Engram's provider names that are Spring AI chat models, and Spring AI's name for each. */
    static final Map<String, String> CHAT_MODELS = Map.of("anthropic", "anthropic", "openai", "openai",
            "gemini", "openai");

    /** Gemini's OpenAI-compatible endpoint, which {@code gemini} is reached through (ADR 0010). */
    public static final String GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta/openai";
    static final String GEMINI_MODEL = "gemini-2.5-flash";

    private static final List<String> OTHER_MODELS = List.of("embedding", "embedding.text", "embedding.multimodal",
            "image", "audio.speech", "audio.transcription", "moderation");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String provider = environment.getProperty("engram.generation.provider", OfflineProvider.NAME);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.ai.model.chat", CHAT_MODELS.getOrDefault(provider, "none"));
        OTHER_MODELS.forEach(model -> defaults.put("spring.ai.model." + model, "none"));
        defaults.put("spring.ai.openai.max-retries", "0");
        defaults.put("spring.ai.anthropic.max-retries", "0");
        environment.getPropertySources().addLast(new MapPropertySource("engramProviderDefaults", defaults));
        if ("gemini".equals(provider)) {
            environment.getPropertySources().addFirst(new MapPropertySource("engramGemini", gemini()));
        }
    }

    /**
     * {@code gemini} is Spring AI's OpenAI client on Gemini's OpenAI-compatible endpoint, configured from Spring AI's
     * own Google GenAI keys: {@code spring.ai.google.genai.api-key} and {@code spring.ai.google.genai.chat.options.model}
     * (default {@value #GEMINI_MODEL}), and {@code engram.gemini.base-url} for another endpoint (a proxy, a stub).
     * They win over any {@code spring.ai.openai.*} of the same meaning (without a Google GenAI key there is no key); the
     * client's other keys (timeout) still apply.
     */
    private static Map<String, Object> gemini() {
        // placeholders, resolved when the client's properties are bound: later property sources (a test's) count too
        Map<String, Object> gemini = new LinkedHashMap<>();
        gemini.put("spring.ai.openai.base-url", "${engram.gemini.base-url:" + GEMINI_BASE_URL + "}");
        gemini.put("spring.ai.openai.chat.options.model", "${spring.ai.google.genai.chat.options.model:" + GEMINI_MODEL
                + "}");
        gemini.put("spring.ai.openai.api-key", "${spring.ai.google.genai.api-key:}");
        return gemini;
    }

    @Override
    public int getOrder() {
        // after the config data (application.yml, engram-processor.yml) is loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
