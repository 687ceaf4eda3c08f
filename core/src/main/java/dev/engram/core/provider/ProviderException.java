package dev.engram.core.provider;

/**
 * A provider call that failed; {@link #retryable()} says whether trying again may help (429, 5xx,
 * timeouts) or not (other 4xx).
 */
public class ProviderException extends RuntimeException {

    private final boolean retryable;

    public ProviderException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public ProviderException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
