package dev.engram.core.provider;

import org.jspecify.annotations.Nullable;

/**
 * A provider's answer and what it cost.
 *
 * @param text the answer's text, for the parsers
 * @param inputTokens prompt tokens the provider counted (0 when it did not say, or for the offline provider)
 * @param outputTokens answer tokens the provider counted
 * @param model the model that answered, as the provider named it, if it did
 */
public record ProviderReply(String text, long inputTokens, long outputTokens, @Nullable String model) {

    /** An answer that cost nothing countable (the offline provider's). */
    public static ProviderReply of(String text) {
        return new ProviderReply(text, 0, 0, null);
    }
}
