package dev.engram.ingest.session;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A {@code sessions} row as stored. */
public record StoredSession(
        UUID id,
        String teamId,
        String projectId,
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

    static StoredSession from(Readable row) {
        return new StoredSession(
                row.get("id", UUID.class),
                row.get("team_id", String.class),
                row.get("project_id", String.class),
                row.get("external_session_id", String.class),
                row.get("content_session_id", String.class),
                row.get("agent_id", String.class),
                row.get("agent_type", String.class),
                row.get("platform_source", String.class),
                row.get("generation_status", String.class),
                row.get("metadata", Json.class).asString(),
                row.get("started_at", Instant.class),
                row.get("ended_at", Instant.class),
                row.get("last_generated_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
