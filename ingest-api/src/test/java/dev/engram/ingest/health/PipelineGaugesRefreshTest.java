package dev.engram.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The gauges' refresher in virtual time: a reading that outlasts the interval (as one did under a bench's load)
 * delays the next one instead of ending the refreshing, and a failed reading is skipped.
 */
class PipelineGaugesRefreshTest {

    private static final Duration EVERY = Duration.ofSeconds(5);

    @Test
    void aReadingSlowerThanTheIntervalSkipsTicksAndTheRefreshingGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        // the second reading takes 17 s (three and a half intervals), the third fails, the others are quick
        Mono<PipelineProgress.Reading> fresh = Mono.defer(() -> switch (calls.incrementAndGet()) {
            case 2 -> Mono.delay(Duration.ofSeconds(17)).map(tick -> reading());
            case 3 -> Mono.error(new IllegalStateException("the database is away"));
            default -> Mono.just(reading());
        });

        StepVerifier.withVirtualTime(() -> PipelineGauges.refreshes(fresh, EVERY))
                .expectSubscription()
                .expectNextCount(1)                   // t = 0
                .expectNoEvent(Duration.ofSeconds(22)) // t = 5 starts the slow one, which ends at 22
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(3))      // t = 25: the failed one, skipped
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNextCount(1)                   // t = 30: quick again
                .thenAwait(EVERY)
                .expectNextCount(1)                   // t = 35
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(calls).as("ticks at 10, 15 and 20 s were skipped, not queued").hasValue(5);
    }

    @Test
    void aReadingThatHangsForFortyIntervalsDoesNotEndTheRefreshing() {
        AtomicInteger calls = new AtomicInteger();
        Mono<PipelineProgress.Reading> fresh = Mono.defer(() -> calls.incrementAndGet() == 2
                ? Mono.delay(Duration.ofSeconds(200)).map(tick -> reading())
                : Mono.just(reading()));

        // queued rather than skipped, the ticks of those 200 s overflowed the interval's 32 requests and failed it
        StepVerifier.withVirtualTime(() -> PipelineGauges.refreshes(fresh, EVERY))
                .expectSubscription()
                .expectNextCount(1)
                .expectNoEvent(Duration.ofSeconds(205))
                .expectNextCount(1)
                .thenAwait(EVERY)
                .expectNextCount(1)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    private static PipelineProgress.Reading reading() {
        return new PipelineProgress.Reading(Instant.EPOCH, Map.of(), Map.of(), Map.of(), null, 10_000);
    }
}
