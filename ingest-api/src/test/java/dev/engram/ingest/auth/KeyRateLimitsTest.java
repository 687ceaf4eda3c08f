package dev.engram.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ProblemResponses;
import dev.engram.ingest.config.IngestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

/** The per-key rate limit: each key its own allowance, refused past it with a 429 that says when to retry. */
class KeyRateLimitsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void eachKeyGetsItsAllowancePerPeriodAndIsRefusedPastItUntilTheNextPeriod() {
        KeyRateLimits limits = new KeyRateLimits(settings(3, Duration.ofMillis(1500)), meters);

        for (int i = 0; i < 3; i++) {
            limits.acquire("key-a");
        }
        assertThatThrownBy(() -> limits.acquire("key-a"))
                .isInstanceOfSatisfying(ApiException.TooManyRequests.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfterSeconds()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("more than 3 requests in 1500 ms");
                });
        limits.acquire("key-b");
        assertThat(meters.counter("engram.ingest.rate_limited").count()).isOne();

        // the allowance comes back with the next period
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .ignoreException(ApiException.TooManyRequests.class).untilAsserted(() -> limits.acquire("key-a"));
    }

    @Test
    void offByDefaultNothingIsEverRefused() {
        KeyRateLimits limits = new KeyRateLimits(settings(0, Duration.ofSeconds(1)), meters);

        for (int i = 0; i < 10_000; i++) {
            limits.acquire("key");
        }
        assertThat(meters.counter("engram.ingest.rate_limited").count()).isZero();
    }

    @Test
    void aRefusalIsA429ProblemWithRetryAfter() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/jobs"));

        ProblemResponses.write(exchange, new ApiException.TooManyRequests("slow down", 2)).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"error\":\"TooManyRequests\"").contains("\"message\":\"slow down\"").contains("\"status\":429");
    }

    private static IngestSettings settings(int perKey, Duration period) {
        return new IngestSettings(DataSize.ofMegabytes(4), 512, 500, Duration.ofSeconds(30), Duration.ofMillis(10),
                new IngestSettings.GroupCommit(1000, 2), Duration.ofSeconds(5),
                new IngestSettings.RateLimit(perKey, period));
    }
}
