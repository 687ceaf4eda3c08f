package dev.engram.ingest.context;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.observation.WordMatch;
import dev.engram.ingest.search.SearchMode;
import dev.engram.ingest.search.SearchRequestParser;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Validates a context body; one 400 names every bad field and its limit. */
@Component
class ContextRequestParser {

    static final int MAX_QUERY_LENGTH = 2000;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;
    static final int MIN_TOKENS = 50;
    static final int MAX_TOKENS = 32_000;

    private final int maxStringLength;
    private final ContextSettings settings;

    ContextRequestParser(IngestSettings ingest, ContextSettings settings) {
        this.maxStringLength = ingest.maxStringFieldLength();
        this.settings = settings;
    }

    ContextRequest parse(JsonNode body) {
        BodyFields fields = BodyFields.of(body, List.of(), maxStringLength);
        String projectId = fields.requiredString("projectId");
        String query = optionalQuery(fields);
        int limit = (int) fields.optionalLong("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        int maxTokens = (int) fields.optionalLong("maxTokens", MIN_TOKENS, MAX_TOKENS, settings.defaultMaxTokens());
        String platform = fields.optionalString("platformSource");
        SearchMode mode = SearchRequestParser.mode(fields);
        WordMatch match = SearchRequestParser.match(fields);
        fields.throwIfInvalid();
        return new ContextRequest(projectId, query, limit, maxTokens,
                platform == null ? null : platform.toLowerCase(Locale.ROOT), mode, match);
    }

    /** A blank query is no query: the pack then takes the most recent observations. */
    private static String optionalQuery(BodyFields fields) {
        JsonNode node = fields.body().get("query");
        if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
            return null;
        }
        return fields.requiredString("query", MAX_QUERY_LENGTH);
    }
}
