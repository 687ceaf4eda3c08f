package dev.engram.ingest.search;

import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.config.IngestSettings;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.WordMatch;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Validates a search body field by field; one 400 names every bad field and its limit. */
@Component
public class SearchRequestParser {

    static final int MAX_QUERY_LENGTH = 2000;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_OFFSET = 10_000;
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private final int maxStringLength;

    SearchRequestParser(IngestSettings settings) {
        this.maxStringLength = settings.maxStringFieldLength();
    }

    SearchRequest parse(JsonNode body) {
        BodyFields fields = BodyFields.of(body, List.of(), maxStringLength);
        String projectId = fields.requiredString("projectId");
        String query = fields.requiredString("query", MAX_QUERY_LENGTH);
        int limit = (int) fields.optionalLong("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        int offset = (int) fields.optionalLong("offset", 0, MAX_OFFSET, 0);
        SearchMode mode = mode(fields);
        WordMatch match = match(fields);
        List<String> types = fields.optionalStrings("types", 20);
        Set<ObservationFilter.Kind> kinds = kinds(fields);
        String sessionId = fields.optionalString("sessionId");
        Instant since = instant(fields, "sinceEpoch");
        Instant until = instant(fields, "untilEpoch");
        String file = fields.optionalString("file");
        String platform = fields.optionalString("platformSource");
        fields.throwIfInvalid();
        return new SearchRequest(projectId, query, limit, offset, mode, match, types, kinds, sessionId, since, until,
                file, platform == null ? null : platform.toLowerCase(Locale.ROOT));
    }

    /**
     * A body's {@code mode}: {@code fulltext}, {@code semantic} or {@code hybrid}, or null when absent (the best
     * available); an issue on {@code fields} when it is none of them. The context pack reads it the same way.
     */
    public static @Nullable SearchMode mode(BodyFields fields) {
        String mode = fields.optionalString("mode");
        if (mode == null) {
            return null;
        }
        SearchMode parsed = SearchMode.fromWireName(mode);
        if (parsed == null) {
            fields.issue("mode", "must be one of fulltext, semantic, hybrid");
        }
        return parsed;
    }

    /**
     * A body's {@code match}: {@code all} (the default, claude-mem's reading of the words) or {@code any}; an issue
     * on {@code fields} when it is neither. The context pack reads it the same way.
     */
    public static WordMatch match(BodyFields fields) {
        String match = fields.optionalString("match");
        if (match == null) {
            return WordMatch.ALL;
        }
        WordMatch parsed = WordMatch.fromWireName(match);
        if (parsed == null) {
            fields.issue("match", "must be one of all, any");
            return WordMatch.ALL;
        }
        return parsed;
    }

    private static Set<ObservationFilter.Kind> kinds(BodyFields fields) {
        List<String> names = fields.optionalStrings("kinds", 3);
        if (names == null) {
            return EnumSet.allOf(ObservationFilter.Kind.class);
        }
        Set<ObservationFilter.Kind> kinds = EnumSet.noneOf(ObservationFilter.Kind.class);
        for (String name : names) {
            ObservationFilter.Kind kind = ObservationFilter.Kind.fromWireName(name);
            if (kind == null) {
                fields.issue("kinds", "must hold only observation, summary, memory");
                return EnumSet.allOf(ObservationFilter.Kind.class);
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            fields.issue("kinds", "must name at least one of observation, summary, memory");
        }
        return kinds;
    }

    private static @Nullable Instant instant(BodyFields fields, String field) {
        if (fields.body().get(field) == null || fields.body().get(field).isNull()) {
            return null;
        }
        return Instant.ofEpochMilli(fields.optionalLong(field, 0, MAX_EPOCH_MILLIS, 0));
    }
}
