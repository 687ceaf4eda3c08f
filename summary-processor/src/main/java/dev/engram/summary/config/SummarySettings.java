package dev.engram.summary.config;

import dev.engram.core.store.RetrySchedule;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The summary processor.
 *
 * @param provider which provider turns a session's prompt into a summary: {@code rules} (offline, the default)
 * @param processingLease how long a claim on a job holds; after it, another delivery may take the job over
 * @param retryBaseDelay the first retry's delay; each later one is five times longer
 * @param retryMaxDelay the longest delay between retries
 * @param deliveryAttempts how often one delivery of a record is tried in-process before the record is
 *        dead-lettered; matches a job's default {@code max_attempts}
 */
@ConfigurationProperties("engram.summary")
public record SummarySettings(
        @DefaultValue("rules") String provider,
        @DefaultValue("5m") Duration processingLease,
        @DefaultValue("5s") Duration retryBaseDelay,
        @DefaultValue("10m") Duration retryMaxDelay,
        @DefaultValue("3") int deliveryAttempts) {

    /** The delays and attempts of retries, shared by the job's next_attempt_at and the binder. */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryBaseDelay, retryMaxDelay, deliveryAttempts);
    }
}
