package dev.engram.ingest.event;

import dev.engram.core.privacy.PrivateJson;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A validated event body, before it is written.
 *
 * @param projectId the project named in the body (checked against the key and the team)
 * @param sourceType hook, worker, provider, server or api
 * @param eventType e.g. tool_use, user_prompt
 * @param occurredAt when the agent saw it
 * @param payload the event's JSON payload ({} when absent)
 * @param serverSessionId an explicit session, which must belong to the same team and project
 * @param contentSessionId the agent's own session id
 * @param memorySessionId the agent's memory session id
 * @param platformSource the agent platform, lower-cased
 * @param sourceEventId the client's own id for the event; makes the event idempotent by itself
 * @param metadata extra client metadata ({} when absent)
 */
public record NewEvent(
        String projectId,
        String sourceType,
        String eventType,
        Instant occurredAt,
        JsonNode payload,
        @Nullable String serverSessionId,
        @Nullable String contentSessionId,
        @Nullable String memorySessionId,
        @Nullable String platformSource,
        @Nullable String sourceEventId,
        JsonNode metadata) {

    /** This event with every {@code <private>} span removed from its payload and metadata. */
    public NewEvent withoutPrivateContent() {
        return new NewEvent(projectId, sourceType, eventType, occurredAt, PrivateJson.strip(payload), serverSessionId,
                contentSessionId, memorySessionId, platformSource, sourceEventId, PrivateJson.strip(metadata));
    }
}
