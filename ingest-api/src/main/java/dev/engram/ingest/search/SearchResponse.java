package dev.engram.ingest.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.ingest.observation.GeneratedObservation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"observations": [...]}} as claude-mem answers a search, with Engram's extensions: how it was
 * ranked, the page, and a notice when the ranking asked for was not available.
 *
 * @param observations best match first
 * @param mode the ranking used
 * @param match how the words were matched: {@code all} or {@code any}
 * @param notice why {@code mode} differs from what was asked, or absent
 */
record SearchResponse(
        List<GeneratedObservation> observations,
        String mode,
        String match,
        int limit,
        int offset,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String notice) {
}
