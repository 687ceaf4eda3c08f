package dev.engram.ingest.event;

import dev.engram.core.json.CanonicalJson;
import dev.engram.core.key.Sha256;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency key of an event, as claude-mem derives it: sha256 over (team, project, sourceType,
 * platformSource?, sourceEventId) when the client gave its own id, else over (team, project,
 * sourceType, platformSource?, session, eventType, occurredAt ISO, canonical payload JSON).
 */
final class EventIdempotencyKey {

    private EventIdempotencyKey() {
    }

    static String of(String teamId, NewEvent event) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("team_id", teamId);
        identity.put("project_id", event.projectId());
        identity.put("source_type", event.sourceType());
        if (event.platformSource() != null) {
            identity.put("platform_source", event.platformSource());
        }
        if (event.sourceEventId() != null) {
            identity.put("source_event_id", event.sourceEventId());
        } else {
            String session = event.contentSessionId() != null ? event.contentSessionId() : event.serverSessionId();
            identity.put("session_id", session);
            identity.put("event_type", event.eventType());
            identity.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
            identity.put("payload", CanonicalJson.write(event.payload()));
        }
        return Sha256.hex(CanonicalJson.writeInOrder(identity));
    }
}
