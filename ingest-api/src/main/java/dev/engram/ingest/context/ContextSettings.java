package dev.engram.ingest.context;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The context pack.
 *
 * @param deadline how long building a pack may take; when it passes, the answer holds what was ready and
 *        says {@code "partial": true}, so a session-start hook is never held up
 * @param defaultMaxTokens the token budget when a request gives no {@code maxTokens} (a token is taken as
 *        four characters)
 * @param summaries how many of the project's most recent session summaries lead the pack
 */
@ConfigurationProperties("engram.context")
public record ContextSettings(
        @DefaultValue("200ms") Duration deadline,
        @DefaultValue("2000") int defaultMaxTokens,
        @DefaultValue("3") int summaries) {
}
