package dev.engram.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.InvalidJobPayloadException;
import dev.engram.core.provider.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryTemplate;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(10), 3);

    @Test
    void delaysGrowFiveFoldFromTheBaseUpToTheCap() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(25));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(125));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void permanentFailuresAreNotWorthRetryingEvenWhenWrapped() {
        assertThat(RetrySchedule.worthRetrying(new IllegalStateException("503"))).isTrue();
        assertThat(RetrySchedule.worthRetrying(new RetryScheduled("j", new IllegalStateException("429")))).isTrue();
        assertThat(RetrySchedule.worthRetrying(new RuntimeException("wrapped",
                new JobFailedPermanently("j", "400")))).isFalse();
        assertThat(RetrySchedule.worthRetrying(new InvalidJobPayloadException("garbage"))).isFalse();
    }

    @Test
    void theBindersRetriesWaitAtLeastTheProvidersRetryAfterAndTheScheduleOtherwise() throws Exception {
        RetryTemplate retries = new RetrySchedule(Duration.ofMillis(50), Duration.ofSeconds(5), 2).deliveryRetries();
        List<Long> attempts = new ArrayList<>();

        retries.execute(() -> {
            attempts.add(System.nanoTime());
            if (attempts.size() == 1) {
                throw new RetryScheduled("j", new ProviderException("openai answered 429", true, Duration.ofMillis(800)));
            }
            return "done";
        });
        assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(800));

        attempts.clear();
        retries.execute(() -> {
            attempts.add(System.nanoTime());
            if (attempts.size() == 1) {
                throw new RetryScheduled("j", new ProviderException("openai answered 500", true));
            }
            return "done";
        });
        // the schedule's 50 ms, give or take its 10 ms of jitter
        assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isBetween(Duration.ofMillis(35),
                Duration.ofMillis(600));
    }
}
