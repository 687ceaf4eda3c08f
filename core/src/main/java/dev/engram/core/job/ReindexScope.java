package dev.engram.core.job;

import java.util.UUID;

/**
 * What one reindex job recomputes: a project's observations whose ids lie between {@code first} and {@code last}
 * (inclusive, in uuid order). A project's scopes are cut from its ids in order, {@code batch} rows each, so the same
 * rows always make the same scopes and the same job ids: asking twice enqueues nothing twice.
 *
 * @param first the first id of the range
 * @param last the last id of the range
 * @param rows how many observations the range held when it was cut (information only; not part of the identity)
 */
public record ReindexScope(UUID first, UUID last, long rows) {

    private static final String PREFIX = "observations:";
    private static final String SEPARATOR = "..";

    /** The job's {@code source_id}: {@code observations:<first>..<last>}. */
    public String sourceId() {
        return PREFIX + first + SEPARATOR + last;
    }

    /**
     * The scope a reindex job's {@code source_id} names.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static ReindexScope fromSourceId(String sourceId) {
        int separator = sourceId.indexOf(SEPARATOR);
        if (!sourceId.startsWith(PREFIX) || separator < 0) {
            throw new IllegalArgumentException("not a reindex scope: " + sourceId);
        }
        try {
            UUID first = UUID.fromString(sourceId.substring(PREFIX.length(), separator));
            UUID last = UUID.fromString(sourceId.substring(separator + SEPARATOR.length()));
            return new ReindexScope(first, last, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a reindex scope: " + sourceId);
        }
    }
}
