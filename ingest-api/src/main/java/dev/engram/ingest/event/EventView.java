package dev.engram.ingest.event;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/**
 * The wire shape of an event, as claude-mem's clients read it ({@code sourceAdapter} is the request's sourceType). The
 * payload and metadata go out as Postgres wrote their {@code jsonb} text, not parsed and written again: the same JSON,
 * spaced as Postgres spaces it.
 */
record EventView(
        String id,
        String projectId,
        String teamId,
        @Nullable String serverSessionId,
        String sourceAdapter,
        @Nullable String sourceEventId,
        String eventType,
        @Nullable String platformSource,
        @JsonRawValue String payload,
        @JsonRawValue String metadata,
        long occurredAtEpoch,
        long receivedAtEpoch,
        long createdAtEpoch) {

    static EventView of(StoredEvent event) {
        return new EventView(event.id().toString(), event.projectId(), event.teamId(),
                event.serverSessionId() == null ? null : event.serverSessionId().toString(), event.sourceAdapter(),
                event.sourceEventId(), event.eventType(), event.platformSource(),
                event.payloadJson(), event.metadataJson(),
                event.occurredAt().toEpochMilli(), event.receivedAt().toEpochMilli(),
                event.createdAt().toEpochMilli());
    }
}
