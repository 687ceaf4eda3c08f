package dev.engram.ingest.observation;

import org.jspecify.annotations.Nullable;

/**
 * Which observations a query's words find. {@link #ALL} reads the query as {@code websearch_to_tsquery} does, as
 * claude-mem does: every word must be there, {@code "quoted words"} in that order, {@code or} between two words
 * for either, {@code -word} for without. {@link #ANY}: each of the query's words is enough, for a natural
 * question whose words no single observation holds all of (it ranks many more rows: a common word matches a
 * tenth of a project).
 */
public enum WordMatch {
    ALL("all"), ANY("any");

    private final String wireName;

    WordMatch(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static @Nullable WordMatch fromWireName(String wireName) {
        for (WordMatch match : values()) {
            if (match.wireName.equals(wireName)) {
                return match;
            }
        }
        return null;
    }
}
