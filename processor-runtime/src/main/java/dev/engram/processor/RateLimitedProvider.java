package dev.engram.processor;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.core.provider.ProviderReply;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a processor's calls to a remote provider within the provider's own limits, so that the provider never has
 * to answer 429: at most {@code engram.provider.requests-per-minute} calls and
 * {@code engram.provider.tokens-per-minute} tokens a minute (either 0: no limit), each counted per second (a
 * sixtieth of the minute's allowance) so that a minute's calls spread out instead of bursting at its start. A call's
 * tokens are estimated before it is made (a token per four characters of prompt, plus
 * {@value #ANSWER_ESTIMATE} for the answer). A call waits for its allowance up to {@code max-wait}; past that it
 * fails as a retryable provider failure, retried with the runtime's back-off. The limits are per processor
 * instance: divide the provider's limits by the number of instances.
 */
final class RateLimitedProvider implements ObservationProvider {

    static final int ANSWER_ESTIMATE = 500;

    private final ObservationProvider delegate;
    private final @Nullable RateLimiter requests;
    private final @Nullable RateLimiter tokens;
    private final int tokensPerSecond;
    private final Duration maxWait;

    RateLimitedProvider(ObservationProvider delegate, int requestsPerMinute, int tokensPerMinute, Duration maxWait) {
        this.delegate = delegate;
        this.maxWait = maxWait;
        this.requests = requestsPerMinute > 0 ? limiter("requests", perSecond(requestsPerMinute), maxWait) : null;
        this.tokensPerSecond = perSecond(tokensPerMinute);
        this.tokens = tokensPerMinute > 0 ? limiter("tokens", tokensPerSecond, maxWait) : null;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean local() {
        return delegate.local();
    }

    @Override
    public String generate(String prompt) {
        return reply(prompt).text();
    }

    @Override
    public ProviderReply reply(String prompt) {
        if (requests != null && !requests.acquirePermission()) {
            throw refused("requests");
        }
        if (tokens != null && !tokens.acquirePermission(Math.min(tokensPerSecond, estimate(prompt)))) {
            throw refused("tokens");
        }
        return delegate.reply(prompt);
    }

    /** Tokens a call with this prompt is taken to cost before it is made. */
    static int estimate(String prompt) {
        return prompt.length() / 4 + ANSWER_ESTIMATE;
    }

    private ProviderException refused(String what) {
        return new ProviderException(delegate.name() + " call held back: this processor's " + what + "-per-minute "
                + "allowance (engram.provider." + what + "-per-minute) stayed used up for " + maxWait.toSeconds()
                + " s", true);
    }

    private static int perSecond(int perMinute) {
        return Math.max(1, (perMinute + 59) / 60);
    }

    private static RateLimiter limiter(String name, int perSecond, Duration maxWait) {
        return RateLimiter.of("engram-provider-" + name, RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(maxWait)
                .build());
    }
}
