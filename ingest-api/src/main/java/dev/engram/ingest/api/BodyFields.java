package dev.engram.ingest.api;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads the fields of one JSON object body and collects every problem with the field's path, so a
 * single 400 tells a client everything that is wrong. Call {@link #throwIfInvalid()} when done.
 */
public final class BodyFields {

    private final JsonNode body;
    private final List<Object> prefix;
    private final List<ValidationIssue> issues = new ArrayList<>();
    private final int maxStringLength;

    private BodyFields(JsonNode body, List<Object> prefix, int maxStringLength) {
        this.body = body;
        this.prefix = prefix;
        this.maxStringLength = maxStringLength;
    }

    /**
     * Starts reading {@code body}; {@code prefix} is prepended to every issue path (a batch passes the
     * item's index).
     *
     * @throws ApiException.ValidationFailed when the body is not a JSON object
     */
    public static BodyFields of(JsonNode body, List<Object> prefix, int maxStringLength) {
        if (!body.isObject()) {
            throw new ApiException.ValidationFailed(List.of(new ValidationIssue(prefix, "Expected a JSON object")));
        }
        return new BodyFields(body, prefix, maxStringLength);
    }

    public JsonNode body() {
        return body;
    }

    public void issue(String field, String message) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(field);
        issues.add(new ValidationIssue(path, message));
    }

    public @Nullable String requiredString(String field) {
        return requiredString(field, maxStringLength);
    }

    public @Nullable String requiredString(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            issue(field, "is required");
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            issue(field, "must be a non-empty string");
            return null;
        }
        return checkLength(field, node.asString(), maxLength);
    }

    public @Nullable String optionalString(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            issue(field, "must be a string or null");
            return null;
        }
        return checkLength(field, node.asString(), maxStringLength);
    }

    public JsonNode optionalObject(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            issue(field, "must be an object or null");
        }
        return node;
    }

    /** An optional whole number within bounds; {@code fallback} when absent. */
    public long optionalLong(String field, long min, long max, long fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            issue(field, "must be an integer");
            return fallback;
        }
        long value = node.asLong();
        if (value < min || value > max) {
            issue(field, "must be between " + min + " and " + max);
            return fallback;
        }
        return value;
    }

    /** An optional array of non-empty strings, at most {@code maxItems}; null when absent. */
    public @Nullable List<String> optionalStrings(String field, int maxItems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > maxItems) {
            issue(field, "must be an array of at most " + maxItems + " strings");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString() || item.asString().isBlank() || item.asString().length() > maxStringLength) {
                issue(field, "must hold non-empty strings of at most " + maxStringLength + " characters");
                return null;
            }
            values.add(item.asString());
        }
        return values;
    }

    public boolean hasIssues() {
        return !issues.isEmpty();
    }

    public List<ValidationIssue> issues() {
        return List.copyOf(issues);
    }

    public void throwIfInvalid() {
        if (!issues.isEmpty()) {
            throw new ApiException.ValidationFailed(issues);
        }
    }

    private @Nullable String checkLength(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            issue(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }
}
