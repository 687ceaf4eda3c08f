package dev.engram.ingest.memory;

import dev.engram.core.privacy.PrivateJson;
import dev.engram.core.privacy.PrivateContent;
import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.config.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a {@code POST /v1/memories} body and removes private spans, so nothing private is ever
 * stored; content that was only private is refused rather than stored empty.
 */
@Component
class MemoryRequestParser {

    static final int MAX_CONTENT_BYTES = 64 * 1024;
    static final int MAX_KIND_LENGTH = 64;
    static final String DEFAULT_KIND = "manual";

    private final int maxStringLength;

    @Autowired
    MemoryRequestParser(IngestSettings settings) {
        this(settings.maxStringFieldLength());
    }

    MemoryRequestParser(int maxStringLength) {
        this.maxStringLength = maxStringLength;
    }

    NewMemory parse(JsonNode body) {
        BodyFields fields = BodyFields.of(body, List.of(), maxStringLength);
        String projectId = fields.requiredString("projectId");
        String content = content(fields);
        String kind = kind(fields);
        String serverSessionId = fields.optionalString("serverSessionId");
        JsonNode metadata = fields.optionalObject("metadata");
        fields.throwIfInvalid();
        return new NewMemory(projectId, content, kind, serverSessionId, PrivateJson.strip(metadata));
    }

    private static String content(BodyFields fields) {
        String raw = fields.requiredString("content", Integer.MAX_VALUE);
        if (raw == null) {
            return "";
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            fields.issue("content", "must be at most " + MAX_CONTENT_BYTES + " bytes (64 KiB)");
            return "";
        }
        String stripped = PrivateContent.strip(raw).strip();
        if (stripped.isEmpty()) {
            fields.issue("content", "must not be empty once <private> spans are removed");
        }
        return stripped;
    }

    private static String kind(BodyFields fields) {
        if (fields.body().has("kind") && fields.body().get("kind").isString()
                && fields.body().get("kind").asString().isBlank()) {
            fields.issue("kind", "must be a non-empty string or null");
            return DEFAULT_KIND;
        }
        String kind = fields.optionalString("kind");
        if (kind == null) {
            return DEFAULT_KIND;
        }
        if (kind.length() > MAX_KIND_LENGTH) {
            fields.issue("kind", "must be at most " + MAX_KIND_LENGTH + " characters");
        }
        return kind;
    }
}
