package dev.engram.ingest.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a pipeline that is alive but not moving stops being UP ({@code /actuator/health}'s {@code outbox} and
 * {@code lanes} components). An age is how long the longest-waiting due outbox row, or ready job, has waited.
 *
 * @param outboxDegradedAfter the relay is falling behind: {@code DEGRADED}
 * @param outboxDownAfter the relay is not publishing: {@code DOWN}
 * @param queuedDegradedAfter a lane's processors are falling behind: {@code DEGRADED}
 * @param queuedDownAfter a lane is not moving: {@code DOWN}
 * @param lagDegradedAbove records a lane's consumer group has not read yet, past which it is {@code DEGRADED}
 * @param refreshEvery how long one reading serves every health and info request (the figures cost a few queries
 *        and a round trip to the broker)
 * @param countLimit how many due outbox rows, and how many ready jobs, a reading counts at most, the longest-waiting
 *        first: a reading then costs the same however far behind the pipeline is, and a larger backlog reads as
 *        this many (the oldest wait is still read; {@code /v1/info}'s per-team figures are counted in full)
 */
@ConfigurationProperties("engram.health")
public record HealthSettings(
        @DefaultValue("30s") Duration outboxDegradedAfter,
        @DefaultValue("2m") Duration outboxDownAfter,
        @DefaultValue("1m") Duration queuedDegradedAfter,
        @DefaultValue("10m") Duration queuedDownAfter,
        @DefaultValue("10000") long lagDegradedAbove,
        @DefaultValue("5s") Duration refreshEvery,
        @DefaultValue("10000") long countLimit) {

    public HealthSettings {
        if (outboxDownAfter.compareTo(outboxDegradedAfter) < 0 || queuedDownAfter.compareTo(queuedDegradedAfter) < 0) {
            throw new IllegalArgumentException("engram.health: each *-down-after must be at least its *-degraded-after");
        }
        if (countLimit < 1) {
            throw new IllegalArgumentException("engram.health.count-limit must be at least 1, was " + countLimit);
        }
    }
}
