package dev.engram.ingest.observation;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An {@code observations} row written as a memory, as stored. */
public record StoredMemory(
        UUID id,
        String teamId,
        String projectId,
        @Nullable UUID serverSessionId,
        String kind,
        String content,
        String metadataJson,
        Instant createdAt,
        Instant updatedAt) {

    static StoredMemory from(Readable row) {
        return new StoredMemory(
                row.get("id", UUID.class),
                row.get("team_id", String.class),
                row.get("project_id", String.class),
                row.get("server_session_id", UUID.class),
                row.get("kind", String.class),
                row.get("content", String.class),
                row.get("metadata", Json.class).asString(),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    /** claude-mem's Observation shape. */
    public ObservationView view() {
        return new ObservationView(id.toString(), projectId, teamId,
                serverSessionId == null ? null : serverSessionId.toString(), kind, content,
                metadataJson, createdAt.toEpochMilli(), updatedAt.toEpochMilli());
    }
}
