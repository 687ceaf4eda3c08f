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
 * @param maxInFlight how many remote provider calls one processor has in flight at once, over all its lanes; the
 *        binder's threads claim jobs and hand the calls over. 1 makes every delivery wait for its own call, on its
 *        partition's thread. The offline provider runs in the delivery's transaction whatever this says.
 */
@ConfigurationProperties("engram.processor")
public record ProcessorSettings(
        @DefaultValue("5s") Duration retryBaseDelay,
        @DefaultValue("10m") Duration retryMaxDelay,
        @DefaultValue("3") int deliveryAttempts,
        @DefaultValue("64") int maxInFlight) {

    public ProcessorSettings {
        if (maxInFlight < 1 || maxInFlight > 4096) {
            throw new IllegalArgumentException("engram.processor.max-in-flight must be between 1 and 4096");
        }
    }

    /** The delays and attempts of retries, shared by the job's next_attempt_at and the binder. */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryBaseDelay, retryMaxDelay, deliveryAttempts);
    }
}
