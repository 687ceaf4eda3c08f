package dev.engram.ingest.health;

import dev.engram.core.lane.Lane;
import dev.engram.ingest.job.GenerationJobRepository;
import dev.engram.ingest.job.GenerationJobRepository.LaneBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the pipeline moves, read at most once per {@code engram.health.refresh-every} for every health and info
 * request: the due outbox rows the relay has not published and the oldest one's wait, the jobs ready to run per
 * lane and the longest wait, and each lane's consumer lag (from the broker: when it does not answer within two
 * seconds the reading says why, and Kafka is DOWN).
 */
@Component
public class PipelineProgress {

    private final Mono<Reading> fresh;
    private final Mono<Reading> reading;
    private final AtomicReference<@Nullable Reading> last = new AtomicReference<>();

    PipelineProgress(GenerationJobRepository jobs, LaneLag laneLag, HealthSettings settings) {
        Mono<Lag> lag = Mono.fromCallable(() -> new Lag(laneLag.read(), null))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> Mono.just(new Lag(null, String.valueOf(
                        NestedExceptionUtils.getMostSpecificCause(e).getMessage()))));
        // a reading is dated when it starts, and the last one kept is the one that started last: a slow reading
        // that began before a faster, later one never overwrites it
        this.fresh = Mono.defer(() -> {
            Instant started = Instant.now();
            return Mono.zip(jobs.dueOutboxByLane(settings.countLimit()).collectList(),
                            jobs.readyJobsByLane(null, settings.countLimit()).collectList(), lag)
                    .map(read -> new Reading(started, byLane(read.getT1()), byLane(read.getT2()), read.getT3().byLane(),
                            read.getT3().error(), settings.countLimit()));
        }).doOnNext(taken -> last.accumulateAndGet(taken,
                (kept, candidate) -> kept == null || candidate.at().isAfter(kept.at()) ? candidate : kept));
        this.reading = fresh.cache(value -> settings.refreshEvery(), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** The latest reading, taken now if the last one is older than {@code engram.health.refresh-every}. */
    public Mono<Reading> reading() {
        return reading;
    }

    /** A reading taken now, for whoever keeps its own schedule (the metrics' refresher). */
    Mono<Reading> fresh() {
        return fresh;
    }

    /** The last reading taken, or null before the first; what the metrics ({@link PipelineGauges}) show. */
    @Nullable Reading last() {
        return last.get();
    }

    private static Map<Lane, LaneBacklog> byLane(List<LaneBacklog> rows) {
        Map<Lane, LaneBacklog> byLane = new EnumMap<>(Lane.class);
        rows.forEach(row -> byLane.put(Lane.fromWireName(row.lane()), row));
        return byLane;
    }

    private record Lag(@Nullable Map<Lane, Long> byLane, @Nullable String error) {
    }

    /**
     * One reading of the pipeline.
     *
     * @param at when it was started
     * @param outbox per lane, the due outbox rows not published yet (absent: none)
     * @param ready per lane, the jobs ready to run (absent: none)
     * @param lag per lane, the records its consumer group has not read; null when the broker did not answer
     * @param kafkaError why the broker could not be read, or null
     * @param countLimit how many outbox rows, and how many jobs, the reading counted at most
     */
    public record Reading(Instant at, Map<Lane, LaneBacklog> outbox, Map<Lane, LaneBacklog> ready,
            @Nullable Map<Lane, Long> lag, @Nullable String kafkaError, long countLimit) {

        /** Whether {@code backlogs} reached the count limit: there may be more than they say. */
        public boolean capped(Map<Lane, LaneBacklog> backlogs) {
            return backlogs.values().stream().mapToLong(LaneBacklog::count).sum() >= countLimit;
        }

        /** How long {@code backlog}'s oldest has waited at the time of this reading; zero when nothing waits. */
        public Duration age(@Nullable LaneBacklog backlog) {
            if (backlog == null || backlog.oldest() == null) {
                return Duration.ZERO;
            }
            Duration age = Duration.between(backlog.oldest(), at);
            return age.isNegative() ? Duration.ZERO : age;
        }
    }
}
