package dev.engram.ingest.health;

import dev.engram.core.lane.Lane;
import dev.engram.ingest.job.GenerationJobRepository.LaneBacklog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Health that means progress, as {@code /actuator/health} components: {@code outbox} (is the relay publishing?),
 * {@code lanes} (are the processors taking the jobs?) and {@code kafka} (does the broker answer?). An age past its
 * {@code engram.health.*-degraded-after} is {@value #DEGRADED} (HTTP 200: alive, falling behind), past
 * {@code *-down-after} {@code DOWN} (HTTP 503: not moving), so a pipeline that is up but stuck never reports UP.
 * None of them is in the readiness group: the API keeps accepting events while Kafka or a processor is away.
 */
@Configuration(proxyBeanMethods = false)
class PipelineHealth {

    static final String DEGRADED = "DEGRADED";
    private static final Status DEGRADED_STATUS = new Status(DEGRADED, "alive, but falling behind");

    @Bean("outbox")
    ReactiveHealthIndicator outboxHealth(PipelineProgress progress, HealthSettings settings) {
        return () -> progress.reading().map(reading -> {
            long rows = 0;
            Duration oldest = Duration.ZERO;
            Map<String, Object> lanes = new LinkedHashMap<>();
            for (Map.Entry<Lane, LaneBacklog> entry : reading.outbox().entrySet()) {
                Duration age = reading.age(entry.getValue());
                rows += entry.getValue().count();
                oldest = age.compareTo(oldest) > 0 ? age : oldest;
                lanes.put(entry.getKey().wireName(), Map.of("rows", entry.getValue().count(), "oldestSeconds",
                        age.toSeconds()));
            }
            return health(status(oldest, settings.outboxDegradedAfter(), settings.outboxDownAfter()))
                    .withDetail("unpublished", rows).withDetail("oldestSeconds", oldest.toSeconds())
                    .withDetail("lanes", lanes)
                    .withDetail("countedUpTo", reading.countLimit())
                    .withDetail("capped", reading.capped(reading.outbox()))
                    .withDetail("degradedAfterSeconds", settings.outboxDegradedAfter().toSeconds())
                    .withDetail("downAfterSeconds", settings.outboxDownAfter().toSeconds()).build();
        });
    }

    @Bean("lanes")
    ReactiveHealthIndicator lanesHealth(PipelineProgress progress, HealthSettings settings) {
        return () -> progress.reading().map(reading -> {
            Status worst = Status.UP;
            Map<String, Object> lanes = new LinkedHashMap<>();
            for (Lane lane : Lane.values()) {
                LaneBacklog ready = reading.ready().get(lane);
                Duration age = reading.age(ready);
                Long lag = reading.lag() == null ? null : reading.lag().get(lane);
                Status status = status(age, settings.queuedDegradedAfter(), settings.queuedDownAfter());
                if (status.equals(Status.UP) && lag != null && lag > settings.lagDegradedAbove()) {
                    status = DEGRADED_STATUS;
                }
                worst = worse(worst, status);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("status", status.getCode());
                figures.put("ready", ready == null ? 0 : ready.count());
                figures.put("oldestReadySeconds", age.toSeconds());
                figures.put("consumerLag", lag == null ? "unknown" : lag);
                figures.put("group", LaneLag.GROUPS.get(lane));
                lanes.put(lane.wireName(), figures);
            }
            return health(worst).withDetails(lanes)
                    .withDetail("readyCountedUpTo", reading.countLimit())
                    .withDetail("readyCapped", reading.capped(reading.ready()))
                    .withDetail("degradedAfterSeconds", settings.queuedDegradedAfter().toSeconds())
                    .withDetail("downAfterSeconds", settings.queuedDownAfter().toSeconds())
                    .withDetail("lagDegradedAbove", settings.lagDegradedAbove()).build();
        });
    }

    @Bean("kafka")
    ReactiveHealthIndicator kafkaHealth(PipelineProgress progress) {
        return () -> progress.reading().map(reading -> reading.kafkaError() == null
                ? Health.up().build()
                : Health.down().withDetail("error", reading.kafkaError())
                        .withDetail("meaning", "events are still accepted and kept in the outbox; the relay publishes "
                                + "them once the broker answers").build());
    }

    private static Status status(Duration age, Duration degradedAfter, Duration downAfter) {
        if (age.compareTo(downAfter) >= 0) {
            return Status.DOWN;
        }
        return age.compareTo(degradedAfter) >= 0 ? DEGRADED_STATUS : Status.UP;
    }

    private static Status worse(Status a, Status b) {
        if (a.equals(Status.DOWN) || b.equals(Status.DOWN)) {
            return Status.DOWN;
        }
        return a.getCode().equals(DEGRADED) || b.getCode().equals(DEGRADED) ? DEGRADED_STATUS : Status.UP;
    }

    private static Health.Builder health(Status status) {
        return Health.status(status);
    }
}
