package dev.engram.ingest.auth;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.config.IngestSettings;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The per-key request rate limit ({@code engram.ingest.rate-limit.*}, off by default): each key may make
 * {@code per-key} requests per {@code period} on this instance (resilience4j's limiter, one per key, never
 * waiting); a request past it is a 429 whose {@code Retry-After} is the period, rounded up to seconds (the
 * allowance refills within it). Refusals are
 * counted ({@code engram.ingest.rate_limited}).
 */
@Component
class KeyRateLimits {

    private final IngestSettings.RateLimit settings;
    private final RateLimiterRegistry limiters;
    private final Counter refused;

    KeyRateLimits(IngestSettings ingest, MeterRegistry meters) {
        this.settings = ingest.rateLimit();
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, settings.perKey()))
                .limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO)
                .build());
        this.refused = Counter.builder("engram.ingest.rate_limited")
                .description("requests refused with 429 by the per-key rate limit").register(meters);
    }

    /** Takes one request of the key's allowance, or throws the 429 to answer. */
    void acquire(String keyId) {
        if (!settings.enabled()) {
            return;
        }
        RateLimiter limiter = limiters.rateLimiter(keyId);
        if (limiter.acquirePermission()) {
            return;
        }
        refused.increment();
        // the allowance refills when the current period ends, at most one period from now
        long retryAfter = Math.max(1, (settings.period().toMillis() + 999) / 1000);
        throw new ApiException.TooManyRequests("This API key made more than " + settings.perKey()
                + " requests in " + settings.period().toMillis() + " ms (engram.ingest.rate-limit); retry after "
                + retryAfter + " s", retryAfter);
    }
}
