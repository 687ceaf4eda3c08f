package dev.engram.ingest.event;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.config.IngestSettings;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Validates an event body field by field and collects every problem with the field's path, so one
 * 400 tells a client everything that is wrong.
 */
@Component
class EventRequestParser {

    static final Set<String> SOURCE_TYPES = Set.of("hook", "worker", "provider", "server", "api");
    /** Year 9999: later instants are client bugs, not events. */
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private final int maxStringLength;

    EventRequestParser(IngestSettings settings) {
        this.maxStringLength = settings.maxStringFieldLength();
    }

    NewEvent parse(JsonNode body) {
        return parse(body, List.of());
    }

    /** Parses one event; {@code prefix} is prepended to issue paths (a batch passes the item's index). */
    NewEvent parse(JsonNode body, List<Object> prefix) {
        BodyFields fields = BodyFields.of(body, prefix, maxStringLength);
        String projectId = fields.requiredString("projectId");
        String sourceType = fields.requiredString("sourceType");
        if (sourceType != null && !SOURCE_TYPES.contains(sourceType)) {
            fields.issue("sourceType", "must be one of api, hook, provider, server, worker");
        }
        String eventType = fields.requiredString("eventType");
        Instant occurredAt = occurredAt(fields);
        JsonNode payload = body.hasNonNull("payload") ? body.get("payload") : JsonNodeFactory.instance.objectNode();
        String serverSessionId = fields.optionalString("serverSessionId");
        String contentSessionId = fields.optionalString("contentSessionId");
        String memorySessionId = fields.optionalString("memorySessionId");
        String platformSource = fields.optionalString("platformSource");
        String sourceEventId = fields.optionalString("sourceEventId");
        JsonNode metadata = fields.optionalObject("metadata");
        fields.throwIfInvalid();
        return new NewEvent(projectId, sourceType, eventType, occurredAt, payload, serverSessionId, contentSessionId,
                memorySessionId, platformSource == null ? null : platformSource.toLowerCase(Locale.ROOT),
                sourceEventId, metadata);
    }

    private static @Nullable Instant occurredAt(BodyFields fields) {
        JsonNode node = fields.body().get("occurredAtEpoch");
        if (node == null || node.isNull()) {
            fields.issue("occurredAtEpoch", "is required");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            fields.issue("occurredAtEpoch", "must be an integer (epoch milliseconds)");
            return null;
        }
        long millis = node.asLong();
        if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
            fields.issue("occurredAtEpoch", "must be between 0 and " + MAX_EPOCH_MILLIS);
            return null;
        }
        return Instant.ofEpochMilli(millis);
    }
}
