package dev.engram.core.store;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An observation, summary or memory as an export carries it: every column but the tenant. A summary's kind is
 * {@code summary}; a memory has no generation key.
 *
 * @param metadataJson its metadata, a JSON object
 */
public record PortableObservation(
        UUID id,
        @Nullable UUID sessionId,
        String kind,
        String content,
        String metadataJson,
        @Nullable String generationKey,
        @Nullable String createdByJobId,
        Instant createdAt,
        Instant updatedAt) {

    /** The same observation under another id and session. */
    public PortableObservation withIds(UUID newId, @Nullable UUID newSessionId) {
        return new PortableObservation(newId, newSessionId, kind, content, metadataJson, generationKey, createdByJobId,
                createdAt, updatedAt);
    }
}
