package dev.engram.processor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a processor retries a job whose provider call failed in a way that may pass.
 *
 * @param retryBaseDelay delay before the first retry, both the job's {@code next_attempt_at} and the
 *        binder's in-process back-off; each later one is five times longer
 * @param retryMaxDelay the longest delay between two attempts
 * @param deliveryAttempts how often one delivery of a record is tried in-process before the record is
 *        dead-lettered; matches a job's default {@code max_attempts}
 */
@ConfigurationProperties("engram.processor")
public record ProcessorSettings(
        @DefaultValue("5s") Duration retryBaseDelay,
        @DefaultValue("10m") Duration retryMaxDelay,
        @DefaultValue("3") int deliveryAttempts) {

    /** The delays and attempts of retries, shared by the job's next_attempt_at and the binder. */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryBaseDelay, retryMaxDelay, deliveryAttempts);
    }
}
