package dev.engram.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.InvalidJobPayloadException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
