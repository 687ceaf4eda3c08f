package dev.engram.ingest.search;

import org.jspecify.annotations.Nullable;

/** How a search ranks: by words ({@code fulltext}), by meaning ({@code semantic}), or both fused ({@code hybrid}). */
public enum SearchMode {
    FULLTEXT("fulltext"), SEMANTIC("semantic"), HYBRID("hybrid");

    private final String wireName;

    SearchMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static @Nullable SearchMode fromWireName(String wireName) {
        for (SearchMode mode : values()) {
            if (mode.wireName.equals(wireName)) {
                return mode;
            }
        }
        return null;
    }
}
