package dev.engram.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The provider's own limits, kept on this side: calls past the allowance wait, then fail retryable. */
class RateLimitedProviderTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final ObservationProvider counting = new ObservationProvider() {
        @Override
        public String name() {
            return "openai";
        }

        @Override
        public String generate(String prompt) {
            calls.incrementAndGet();
            return "<skip/>";
        }
    };

    @Test
    void aCallPastTheRequestsAllowanceIsHeldBackAndTheNextSecondLetsItThrough() {
        RateLimitedProvider limited = new RateLimitedProvider(counting, 60, 0, Duration.ZERO);

        limited.generate("first");
        assertThatThrownBy(() -> limited.generate("second")).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("requests-per-minute");
        });
        assertThat(calls).hasValue(1);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .ignoreException(ProviderException.class).untilAsserted(() -> limited.generate("later"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void theTokensAllowanceCountsTheEstimatedTokensOfEachCall() {
        // 6,000 a minute is 100 a second; any call is estimated at 500 or more, so one call a second goes through
        RateLimitedProvider limited = new RateLimitedProvider(counting, 0, 6_000, Duration.ZERO);

        limited.generate("x".repeat(400));
        assertThatThrownBy(() -> limited.generate("y")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("tokens-per-minute"));
        assertThat(RateLimitedProvider.estimate("x".repeat(400))).isEqualTo(600);
        assertThat(calls).hasValue(1);
    }

    @Test
    void withoutLimitsEveryCallGoesThrough() {
        RateLimitedProvider limited = new RateLimitedProvider(counting, 0, 0, Duration.ZERO);
        for (int i = 0; i < 1_000; i++) {
            limited.generate("call " + i);
        }
        assertThat(calls).hasValue(1_000);
    }
}
