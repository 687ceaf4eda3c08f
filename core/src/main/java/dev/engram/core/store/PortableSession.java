package dev.engram.core.store;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A session as an export carries it from one project (or one Engram) to another: every column but the tenant.
 *
 * @param metadataJson the session's metadata, a JSON object
 */
public record PortableSession(
        UUID id,
        @Nullable String externalSessionId,
        @Nullable String contentSessionId,
        @Nullable String agentId,
        @Nullable String agentType,
        @Nullable String platformSource,
        String generationStatus,
        String metadataJson,
        Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable Instant lastGeneratedAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The same session under another id. */
    public PortableSession withId(UUID newId) {
        return new PortableSession(newId, externalSessionId, contentSessionId, agentId, agentType, platformSource,
                generationStatus, metadataJson, startedAt, endedAt, lastGeneratedAt, createdAt, updatedAt);
    }
}
