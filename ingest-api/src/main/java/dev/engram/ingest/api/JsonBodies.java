package dev.engram.ingest.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** What a body holding U+0000 is told. */
    static final String NUL = "contains a NUL character (U+0000), which cannot be stored";

    private final JsonMapper mapper;

    JsonBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses a body.
     *
     * @throws ApiException.ValidationFailed when the body is missing, is not well-formed JSON, or holds a NUL
     *         character (U+0000) in a string or a name: Postgres stores neither in text nor in jsonb, so such a body
     *         would fail at the commit instead of here
     */
    public JsonNode read(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody("Request body is required"));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.ValidationFailed.of(ValidationIssue.ofBody(
                    "Malformed JSON: " + e.getOriginalMessage()));
        }
        if (body.indexOf('\u0000') >= 0 || body.contains("\\u0000")) {
            List<ValidationIssue> issues = new ArrayList<>();
            findNul(tree, new ArrayList<>(), issues);
            if (!issues.isEmpty()) {
                throw new ApiException.ValidationFailed(issues);
            }
        }
        return tree;
    }

    private static void findNul(JsonNode node, List<Object> path, List<ValidationIssue> issues) {
        if (node.isString() && node.asString().indexOf('\u0000') >= 0) {
            issues.add(new ValidationIssue(List.copyOf(path), NUL));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                findNul(node.get(i), path, issues);
                path.remove(path.size() - 1);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                path.add(field.getKey().replace('\u0000', '\uFFFD'));
                if (field.getKey().indexOf('\u0000') >= 0) {
                    issues.add(new ValidationIssue(List.copyOf(path), "name " + NUL));
                }
                findNul(field.getValue(), path, issues);
                path.remove(path.size() - 1);
            }
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
