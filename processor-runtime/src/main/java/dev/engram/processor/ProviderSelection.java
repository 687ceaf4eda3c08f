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
 * overrides: {@code spring.ai.model.chat} is the provider's chat model ({@code anthropic}, {@code openai}) or
 * {@code none} (for {@code rules}), Spring AI's other models (embeddings, images, audio, moderation) are off —
 * Engram embeds locally — and the clients' own retries are off, since a retry goes back through the binder and
 * is recorded on the job. Without this, every starter on the classpath would create its models and ask for keys.
 */
public final class ProviderSelection implements EnvironmentPostProcessor, Ordered {

    /** Engram's provider names that are Spring AI chat models, and Spring AI's name for each. */
    static final Map<String, String> CHAT_MODELS = Map.of("anthropic", "anthropic", "openai", "openai");

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
    }

    @Override
    public int getOrder() {
        // after the config data (application.yml, engram-processor.yml) is loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
