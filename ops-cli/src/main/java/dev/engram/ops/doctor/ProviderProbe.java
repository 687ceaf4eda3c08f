package dev.engram.ops.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Whether the configured remote provider answers: the cheapest authenticated call each API has (listing models:
 * {@code GET <base>/models} for OpenAI-compatible endpoints, Gemini's among them, {@code GET <base>/v1/models} for
 * Anthropic), with the
 * key the processors would use. The key is sent, never shown.
 */
final class ProviderProbe {

    static final String OPENAI_BASE = "https://api.openai.com/v1";
    static final String ANTHROPIC_BASE = "https://api.anthropic.com";
    static final String GEMINI_BASE = "https://generativelanguage.googleapis.com/v1beta/openai";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the probe found: OK, or a failure with what to do about it. */
    record Result(boolean ok, String message, @Nullable String fix) {
    }

    private ProviderProbe() {
    }

    static Result probe(String provider, @Nullable String apiKey, @Nullable String baseUrl) {
        boolean gemini = provider.equals("gemini");
        // gemini is reached through its OpenAI-compatible endpoint: same calls, its own key and URL variables
        boolean openai = provider.equals("openai") || gemini;
        String keyVariable = gemini ? "SPRING_AI_GOOGLE_GENAI_API_KEY"
                : openai ? "SPRING_AI_OPENAI_API_KEY" : "SPRING_AI_ANTHROPIC_API_KEY";
        String keyProperty = gemini ? "spring.ai.google.genai.api-key" : "spring.ai." + provider + ".api-key";
        String urlVariable = gemini ? "ENGRAM_GEMINI_BASE_URL"
                : openai ? "SPRING_AI_OPENAI_BASE_URL" : "SPRING_AI_ANTHROPIC_BASE_URL";
        if (apiKey == null || apiKey.isBlank()) {
            return new Result(false, provider + ": no API key", "export " + keyVariable + "=<key> (" + keyProperty
                    + ") where the processors run");
        }
        String defaultBase = gemini ? GEMINI_BASE : openai ? OPENAI_BASE : ANTHROPIC_BASE;
        String base = trimmed(baseUrl == null || baseUrl.isBlank() ? defaultBase : baseUrl);
        URI uri = URI.create(base + (openai ? "/models" : "/v1/models"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (openai) {
            request.header("Authorization", "Bearer " + apiKey);
        } else {
            request.header("x-api-key", apiKey).header("anthropic-version", "2023-06-01");
        }
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Result(true, provider + " at " + base + " answers (GET " + uri.getPath() + ": " + status
                        + ")", null);
            }
            if (status == 401 || status == 403) {
                return new Result(false, provider + " at " + base + " refused the key (" + status + ")",
                        "check " + keyVariable);
            }
            return new Result(false, provider + " at " + base + " answered " + status + " to GET " + uri.getPath(),
                    "check " + urlVariable + " (an OpenAI-compatible base URL ends in /v1)");
        } catch (IOException e) {
            return new Result(false, provider + " at " + base + " cannot be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", "check " + urlVariable
                    + " and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, provider + ": interrupted while asking " + base, null);
        } catch (IllegalArgumentException e) {
            return new Result(false, provider + ": '" + base + "' is not a URL", "check " + urlVariable);
        }
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
