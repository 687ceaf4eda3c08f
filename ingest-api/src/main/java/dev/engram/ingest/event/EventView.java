package dev.engram.ingest.event;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The wire shape of an event, as claude-mem's clients read it ({@code sourceAdapter} is the request's sourceType). */
record EventView(
        String id,
        String projectId,
        String teamId,
        @Nullable String serverSessionId,
        String sourceAdapter,
        @Nullable String sourceEventId,
        String eventType,
        @Nullable String platformSource,
        JsonNode payload,
        JsonNode metadata,
        long occurredAtEpoch,
        long receivedAtEpoch,
        long createdAtEpoch) {

    static EventView of(StoredEvent event, JsonMapper mapper) {
        return new EventView(event.id().toString(), event.projectId(), event.teamId(),
                event.serverSessionId() == null ? null : event.serverSessionId().toString(), event.sourceAdapter(),
                event.sourceEventId(), event.eventType(), event.platformSource(),
                mapper.readTree(event.payloadJson()), mapper.readTree(event.metadataJson()),
                event.occurredAt().toEpochMilli(), event.receivedAt().toEpochMilli(),
                event.createdAt().toEpochMilli());
    }
}
