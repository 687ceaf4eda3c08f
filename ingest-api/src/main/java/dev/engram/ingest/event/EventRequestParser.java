package dev.engram.ingest.event;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ValidationIssue;
import dev.engram.ingest.config.IngestSettings;
import java.time.Instant;
import java.util.ArrayList;
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
        List<ValidationIssue> issues = new ArrayList<>();
        if (!body.isObject()) {
            issues.add(new ValidationIssue(prefix, "Expected a JSON object"));
            throw new ApiException.ValidationFailed(issues);
        }
        Fields fields = new Fields(body, prefix, issues);
        String projectId = fields.requiredString("projectId");
        String sourceType = fields.requiredString("sourceType");
        if (sourceType != null && !SOURCE_TYPES.contains(sourceType)) {
            fields.issue("sourceType", "must be one of api, hook, provider, server, worker");
        }
        String eventType = fields.requiredString("eventType");
        Instant occurredAt = fields.occurredAt();
        JsonNode payload = body.hasNonNull("payload") ? body.get("payload") : JsonNodeFactory.instance.objectNode();
        String serverSessionId = fields.optionalString("serverSessionId");
        String contentSessionId = fields.optionalString("contentSessionId");
        String memorySessionId = fields.optionalString("memorySessionId");
        String platformSource = fields.optionalString("platformSource");
        String sourceEventId = fields.optionalString("sourceEventId");
        JsonNode metadata = fields.optionalObject("metadata");
        if (!issues.isEmpty()) {
            throw new ApiException.ValidationFailed(issues);
        }
        return new NewEvent(projectId, sourceType, eventType, occurredAt, payload, serverSessionId, contentSessionId,
                memorySessionId, platformSource == null ? null : platformSource.toLowerCase(Locale.ROOT),
                sourceEventId, metadata);
    }

    private final class Fields {
        private final JsonNode body;
        private final List<Object> prefix;
        private final List<ValidationIssue> issues;

        Fields(JsonNode body, List<Object> prefix, List<ValidationIssue> issues) {
            this.body = body;
            this.prefix = prefix;
            this.issues = issues;
        }

        void issue(String field, String message) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(field);
            issues.add(new ValidationIssue(path, message));
        }

        @Nullable String requiredString(String field) {
            JsonNode node = body.get(field);
            if (node == null || node.isNull()) {
                issue(field, "is required");
                return null;
            }
            if (!node.isString() || node.asString().isBlank()) {
                issue(field, "must be a non-empty string");
                return null;
            }
            return checkLength(field, node.asString());
        }

        @Nullable String optionalString(String field) {
            JsonNode node = body.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                issue(field, "must be a string or null");
                return null;
            }
            return checkLength(field, node.asString());
        }

        JsonNode optionalObject(String field) {
            JsonNode node = body.get(field);
            if (node == null || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                issue(field, "must be an object or null");
            }
            return node;
        }

        @Nullable Instant occurredAt() {
            JsonNode node = body.get("occurredAtEpoch");
            if (node == null || node.isNull()) {
                issue("occurredAtEpoch", "is required");
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                issue("occurredAtEpoch", "must be an integer (epoch milliseconds)");
                return null;
            }
            long millis = node.asLong();
            if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
                issue("occurredAtEpoch", "must be between 0 and " + MAX_EPOCH_MILLIS);
                return null;
            }
            return Instant.ofEpochMilli(millis);
        }

        private @Nullable String checkLength(String field, String value) {
            if (value.length() > maxStringLength) {
                issue(field, "must be at most " + maxStringLength + " characters");
                return null;
            }
            return value;
        }
    }
}
