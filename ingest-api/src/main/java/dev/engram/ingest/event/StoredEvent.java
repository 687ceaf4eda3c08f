package dev.engram.ingest.event;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An {@code agent_events} row as stored. */
public record StoredEvent(
        UUID id,
        String teamId,
        String projectId,
        @Nullable UUID serverSessionId,
        String sourceAdapter,
        @Nullable String sourceEventId,
        String eventType,
        @Nullable String platformSource,
        String payloadJson,
        String metadataJson,
        Instant occurredAt,
        Instant receivedAt,
        Instant createdAt) {

    static StoredEvent from(Readable row) {
        return new StoredEvent(
                row.get("id", UUID.class),
                row.get("team_id", String.class),
                row.get("project_id", String.class),
                row.get("server_session_id", UUID.class),
                row.get("source_adapter", String.class),
                row.get("source_event_id", String.class),
                row.get("event_type", String.class),
                row.get("platform_source", String.class),
                row.get("payload", Json.class).asString(),
                row.get("metadata", Json.class).asString(),
                row.get("occurred_at", Instant.class),
                row.get("received_at", Instant.class),
                row.get("created_at", Instant.class));
    }
}
