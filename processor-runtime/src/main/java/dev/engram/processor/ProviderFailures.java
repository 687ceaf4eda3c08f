package dev.engram.processor;

import dev.engram.core.provider.ProviderException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns whatever a remote provider's client threw into a {@link ProviderException} that says whether trying again
 * can help: 408, 409, 429 (with its {@code Retry-After}), 5xx and Anthropic's 529, timeouts and connection failures
 * are retryable; any other 4xx and anything unrecognised are not. The message names the provider and the status
 * and quotes at most a short, scrubbed excerpt of the provider's own message: API keys (the configured ones and
 * anything shaped like one) never reach a log, a job row or an error. The client's exception is not kept as the
 * cause, so that no stack trace prints its message unscrubbed.
 */
final class ProviderFailures {

    private static final int MAX_EXCERPT = 300;
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(sk-ant-[A-Za-z0-9_\\-]{6,}|sk-[A-Za-z0-9_\\-]{6,}|AIza[0-9A-Za-z_\\-]{10,}|(?i:bearer)\\s+[^\\s\"']+)");

    private final List<String> secrets;

    /** @param secrets the configured API keys, removed from every message */
    ProviderFailures(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    ProviderException classify(String provider, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Status status = status(t);
            if (status != null) {
                return byStatus(provider, status, t);
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof com.openai.errors.OpenAIIoException
                    || t instanceof com.anthropic.errors.AnthropicIoException) {
                return new ProviderException(provider + " could not be reached or did not answer in time ("
                        + t.getClass().getSimpleName() + excerpt(t) + ")", true, (Duration) null);
            }
        }
        return new ProviderException(provider + " call failed (" + failure.getClass().getSimpleName() + excerpt(failure)
                + ")", false, (Duration) null);
    }

    private ProviderException byStatus(String provider, Status status, Throwable t) {
        int code = status.code();
        boolean retryable = code == 408 || code == 409 || code == 429 || code >= 500;
        String what = switch (code) {
            case 400 -> "bad request";
            case 401 -> "unauthorized: check the API key";
            case 403 -> "forbidden";
            case 404 -> "not found: check the base URL and the model";
            case 429 -> "rate limited";
            case 529 -> "overloaded";
            default -> code >= 500 ? "server error" : "refused";
        };
        Duration retryAfter = code == 429 || code >= 500 ? status.retryAfter() : null;
        return new ProviderException(provider + " answered " + code + " (" + what + ")"
                + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s") + excerpt(t),
                retryable, retryAfter);
    }

    /** The HTTP status and Retry-After of a provider client's exception, or null for another exception. */
    private static @Nullable Status status(Throwable t) {
        if (t instanceof com.openai.errors.OpenAIServiceException e) {
            return new Status(e.statusCode(), retryAfter(e.headers().values("retry-after-ms"),
                    e.headers().values("retry-after")));
        }
        if (t instanceof com.anthropic.errors.AnthropicServiceException e) {
            return new Status(e.statusCode(), retryAfter(e.headers().values("retry-after-ms"),
                    e.headers().values("retry-after")));
        }
        return null;
    }

    /** {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static @Nullable Duration retryAfter(List<String> millis, List<String> header) {
        try {
            if (!millis.isEmpty()) {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get(0).trim())));
            }
        } catch (NumberFormatException e) {
            // fall back to Retry-After
        }
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get(0).trim();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** ": <the provider's message>", scrubbed and cut short; empty when it has none. */
    private String excerpt(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = scrub(message.replaceAll("\\s+", " ").trim());
        return ": " + (line.length() > MAX_EXCERPT ? line.substring(0, MAX_EXCERPT) + "…" : line);
    }

    String scrub(String text) {
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "[redacted]");
        }
        return KEY_SHAPED.matcher(scrubbed).replaceAll("[redacted]");
    }

    private record Status(int code, @Nullable Duration retryAfter) {
    }
}
