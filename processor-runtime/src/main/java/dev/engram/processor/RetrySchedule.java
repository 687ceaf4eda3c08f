package dev.engram.processor;

import dev.engram.core.job.InvalidJobPayloadException;
import dev.engram.core.provider.ProviderException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

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

    /**
     * The retry template for a binding's {@code @StreamRetryTemplate} bean: the schedule above with a fifth of the
     * base delay as jitter (so that jobs a 429 storm failed together do not come back together), and never sooner
     * than a provider's {@code Retry-After}.
     */
    public RetryTemplate deliveryRetries() {
        RetryPolicy.Builder policy = RetryPolicy.builder()
                .maxRetries(Math.max(0, deliveryAttempts - 1))
                .delay(baseDelay)
                .multiplier(MULTIPLIER)
                .maxDelay(maxDelay)
                .predicate(RetrySchedule::worthRetrying);
        if (baseDelay.toMillis() >= 5) {
            policy.jitter(baseDelay.dividedBy(5));
        }
        return new RetryTemplate(new HonouringRetryAfter(policy.build(), maxDelay));
    }

    /** The provider's Retry-After carried by a failure (anywhere in its cause chain), if any. */
    static Optional<Duration> retryAfterOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProviderException provider && provider.retryAfter().isPresent()) {
                return provider.retryAfter();
            }
        }
        return Optional.empty();
    }

    /**
     * A retry policy that waits at least the provider's Retry-After (capped at {@code maxDelay}). The template asks
     * {@link #shouldRetry} about a failure just before it asks the back-off for the next delay, on the same thread,
     * so the failure's hint is handed over through a thread-local.
     */
    private record HonouringRetryAfter(RetryPolicy base, Duration maxDelay) implements RetryPolicy {

        private static final ThreadLocal<Duration> HINT = new ThreadLocal<>();

        @Override
        public boolean shouldRetry(Throwable failure) {
            boolean retry = base.shouldRetry(failure);
            Optional<Duration> hint = retry ? retryAfterOf(failure) : Optional.empty();
            if (hint.isPresent()) {
                HINT.set(hint.get());
            } else {
                HINT.remove();
            }
            return retry;
        }

        @Override
        public Duration getTimeout() {
            return base.getTimeout();
        }

        @Override
        public BackOff getBackOff() {
            BackOff backOff = base.getBackOff();
            return () -> {
                BackOffExecution execution = backOff.start();
                return () -> {
                    long next = execution.nextBackOff();
                    Duration hint = HINT.get();
                    HINT.remove();
                    if (next == BackOffExecution.STOP || hint == null) {
                        return next;
                    }
                    return Math.max(next, Math.min(hint.toMillis(), maxDelay.toMillis()));
                };
            };
        }
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
