package dev.engram.ingest.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.ingest.observation.GeneratedObservation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"observations", "context"}} as claude-mem answers {@code POST /v1/context}, with Engram's
 * extensions.
 *
 * @param observations what the text holds: summaries first, newest first, then the timeline, oldest first
 * @param context their contents joined by blank lines: the text a hook injects
 * @param partial whether the deadline passed before every part was read, or a part failed
 * @param truncated whether the token budget left anything out
 * @param tokens the text's size in tokens, taken as four characters each
 * @param mode how the timeline was ranked for the query ({@code fulltext}, {@code semantic}, {@code hybrid});
 *     absent without a query (the newest observations) or when the timeline was left out
 * @param notice why {@code mode} differs from the one asked for, or absent
 */
public record ContextPack(List<GeneratedObservation> observations, String context, boolean partial, boolean truncated,
        int tokens, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String notice) {
}
