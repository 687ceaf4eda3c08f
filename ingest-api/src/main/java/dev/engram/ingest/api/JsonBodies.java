package dev.engram.ingest.api;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON trees, so that validation can name each offending field itself
 * instead of surfacing a data-binding exception.
 */
@Component
public class JsonBodies {

    private final JsonMapper mapper;

    JsonBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses a body.
     *
     * @throws ApiException.ValidationFailed when the body is missing or is not well-formed JSON
     */
    public JsonNode read(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody("Request body is required"));
        }
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody(
                    "Malformed JSON: " + e.getOriginalMessage()));
        }
    }

    /** Parses a boolean query flag that must be exactly {@code true} or {@code false} when present. */
    public static boolean flag(String name, @Nullable String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.ValidationFailed.of(
                    ValidationIssue.at(name, "must be 'true' or 'false'"));
        };
    }
}
