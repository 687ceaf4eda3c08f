package dev.engram.core.provider;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider call that failed; {@link #retryable()} says whether trying again may help (429, 5xx,
 * timeouts) or not (other 4xx).
 */
public class ProviderException extends RuntimeException {

    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    public ProviderException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = null;
    }

    public ProviderException(String message, boolean retryable) {
        this(message, retryable, (Duration) null);
    }

    /** A failure whose provider said how long to wait ({@code Retry-After}); null when it did not. */
    public ProviderException(String message, boolean retryable, @Nullable Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked to wait before the next call, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
