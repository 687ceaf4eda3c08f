package dev.engram.processor;

import dev.engram.core.job.InvalidJobPayloadException;
import java.time.Duration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * How a processor retries: the delay before each attempt (base × 5^(attempt−1), capped), used both for
 * a job's {@code next_attempt_at} and for the binder's in-process retry of the same delivery, so the two
 * agree. Permanent failures are never retried.
 *
 * @param baseDelay delay before the first retry
 * @param maxDelay longest delay between two attempts
 * @param deliveryAttempts tries of one delivery (the first included) before it is dead-lettered
 */
public record RetrySchedule(Duration baseDelay, Duration maxDelay, int deliveryAttempts) {

    private static final int MULTIPLIER = 5;

    /** The delay before attempt {@code attempt + 1}: 5 s, 25 s, 125 s ... capped, for a 5 s base. */
    public Duration delayAfter(int attempt) {
        double factor = Math.pow(MULTIPLIER, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(maxDelay.toMillis(), baseDelay.toMillis() * factor));
    }

    /** The retry template for a binding's {@code @StreamRetryTemplate} bean. */
    public RetryTemplate deliveryRetries() {
        return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, deliveryAttempts - 1))
                .delay(baseDelay)
                .multiplier(MULTIPLIER)
                .maxDelay(maxDelay)
                .predicate(RetrySchedule::worthRetrying)
                .build());
    }

    /** False for failures no retry can fix, wherever they sit in the cause chain. */
    public static boolean worthRetrying(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JobFailedPermanently || t instanceof InvalidJobPayloadException) {
                return false;
            }
        }
        return true;
    }
}
