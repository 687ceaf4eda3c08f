package dev.engram.ingest.health;

import dev.engram.core.lane.Lane;
import dev.engram.ingest.job.GenerationJobRepository.LaneBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline's progress as Prometheus gauges, per lane, from {@link PipelineProgress}'s readings (taken every
 * {@code engram.health.refresh-every}, 5 s at the least here, whether or not anyone asks for health):
 * {@code engram.outbox.unpublished} and {@code engram.outbox.oldest.age} (due rows the relay has not published, the
 * oldest one's wait), {@code engram.jobs.ready} and {@code engram.jobs.ready.oldest.age} (jobs ready to run, the
 * longest wait) and {@code engram.kafka.consumer.lag} (records the lane's group has not read; NaN while the broker
 * does not answer). Ages are in seconds.
 */
@Component
class PipelineGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PipelineGauges.class);
    private static final Duration AT_LEAST = Duration.ofSeconds(5);

    private final PipelineProgress progress;
    private final Duration every;
    private volatile @Nullable Disposable refreshing;

    PipelineGauges(PipelineProgress progress, HealthSettings settings, MeterRegistry meters) {
        this.progress = progress;
        this.every = settings.refreshEvery().compareTo(AT_LEAST) < 0 ? AT_LEAST : settings.refreshEvery();
        for (Lane lane : Lane.values()) {
            gauge(meters, "engram.outbox.unpublished", lane, "due outbox rows the relay has not published", null,
                    reading -> count(reading.outbox().get(lane)));
            gauge(meters, "engram.outbox.oldest.age", lane, "how long the oldest due, unpublished outbox row waited",
                    "seconds", reading -> reading.age(reading.outbox().get(lane)).toMillis() / 1000.0);
            gauge(meters, "engram.jobs.ready", lane, "jobs ready to run (queued and due)", null,
                    reading -> count(reading.ready().get(lane)));
            gauge(meters, "engram.jobs.ready.oldest.age", lane, "how long the longest-waiting ready job waited",
                    "seconds", reading -> reading.age(reading.ready().get(lane)).toMillis() / 1000.0);
            Gauge.builder("engram.kafka.consumer.lag", progress, p -> {
                        PipelineProgress.Reading reading = p.last();
                        Long lag = reading == null || reading.lag() == null ? null : reading.lag().get(lane);
                        return lag == null ? Double.NaN : lag;
                    })
                    .description("records of the lane its processors' consumer group has not read")
                    .tag("lane", lane.wireName()).tag("group", LaneLag.GROUPS.get(lane)).register(meters);
        }
    }

    private void gauge(MeterRegistry meters, String name, Lane lane, String description, @Nullable String unit,
            ToDoubleFunction<PipelineProgress.Reading> value) {
        Gauge.builder(name, progress, p -> {
                    PipelineProgress.Reading reading = p.last();
                    return reading == null ? Double.NaN : value.applyAsDouble(reading);
                })
                .description(description).baseUnit(unit).tag("lane", lane.wireName()).register(meters);
    }

    private static double count(@Nullable LaneBacklog backlog) {
        return backlog == null ? 0 : backlog.count();
    }

    @Override
    public void start() {
        refreshing = refreshes(progress.fresh(), every)
                .subscribe(null, e -> log.error("the pipeline gauges stopped refreshing", e));
    }

    /**
     * A reading every {@code every}, one at a time. A tick that comes while a reading is still running is skipped:
     * without that the interval fails once a reading outlasts it (seen under load: "Could not emit tick 24 due to
     * lack of requests"), and the gauges would show that reading for good.
     */
    static Flux<PipelineProgress.Reading> refreshes(Mono<PipelineProgress.Reading> fresh, Duration every) {
        return Flux.interval(Duration.ZERO, every)
                .onBackpressureDrop()
                .concatMap(tick -> fresh.onErrorResume(e -> {
                    log.warn("could not read the pipeline's progress: {}", e.getMessage());
                    return Mono.empty();
                }), 0);
    }

    @Override
    public void stop() {
        Disposable running = refreshing;
        refreshing = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return refreshing != null;
    }
}
