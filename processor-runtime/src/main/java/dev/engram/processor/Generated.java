package dev.engram.processor;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The results parsed from a provider's answer, or none and the reason the provider (or the runner) gave
 * for skipping.
 *
 * @param results what to write; empty when skipped
 * @param skipReason why nothing was written, or null
 */
public record Generated<R>(List<R> results, @Nullable String skipReason) {

    public Generated {
        results = List.copyOf(results);
    }

    public static <R> Generated<R> of(List<R> results) {
        return new Generated<>(results, null);
    }

    public static <R> Generated<R> skipped(String reason) {
        return new Generated<>(List.of(), reason);
    }
}
