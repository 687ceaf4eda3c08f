package dev.engram.processor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A remote provider's own limits, kept by each processor instance ({@link RateLimitedProvider}).
 *
 * @param requestsPerMinute calls a minute this instance may make; 0 sets no limit
 * @param tokensPerMinute tokens (estimated before the call) a minute this instance may spend; 0 sets no limit
 * @param maxWait how long a call waits for its allowance before it fails as a retryable failure
 */
@ConfigurationProperties("engram.provider")
public record ProviderSettings(
        @DefaultValue("0") int requestsPerMinute,
        @DefaultValue("0") int tokensPerMinute,
        @DefaultValue("60s") Duration maxWait) {

    public ProviderSettings {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("engram.provider.requests-per-minute and tokens-per-minute must be 0 "
                    + "(no limit) or more");
        }
    }

    boolean limited() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }
}
