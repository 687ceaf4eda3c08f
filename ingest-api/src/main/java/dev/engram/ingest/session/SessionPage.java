package dev.engram.ingest.session;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ValidationIssue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * {@code GET /v1/projects/{projectId}/sessions}: a page of a project's sessions, newest first (an Engram extension;
 * the viewer's session list). Paging is by keyset: {@code before} is the {@code nextBefore} of the previous page, an
 * opaque cursor, so a session started while the reader pages is neither skipped nor shown twice.
 */
final class SessionPage {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private SessionPage() {
    }

    /** What a request asks for; {@code before} null for the first page. */
    record Query(int limit, @Nullable Cursor before) {
    }

    /** Where a page ended: the last session's start (microseconds, as Postgres keeps it) and id. */
    record Cursor(Instant startedAt, UUID id) {

        private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
        private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

        static Cursor after(StoredSession session) {
            return new Cursor(session.startedAt().truncatedTo(ChronoUnit.MICROS), session.id());
        }

        String wire() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, startedAt);
            return micros + "_" + id;
        }

        static @Nullable Cursor parse(String wire) {
            int split = wire.indexOf('_');
            if (split <= 0) {
                return null;
            }
            try {
                long micros = Long.parseLong(wire.substring(0, split));
                Instant startedAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
                // no cursor this server issued lies outside these years (nor does Postgres keep such times)
                if (startedAt.isBefore(EARLIEST) || startedAt.isAfter(LATEST)) {
                    return null;
                }
                return new Cursor(startedAt, UUID.fromString(wire.substring(split + 1)));
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                return null;
            }
        }
    }

    /** The query of a request; a limit or cursor that cannot be read is a 400 naming it. */
    static Query parse(MultiValueMap<String, String> params) {
        List<ValidationIssue> issues = new ArrayList<>();
        int limit = DEFAULT_LIMIT;
        String limitText = params.getFirst("limit");
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
                if (limit < 1 || limit > MAX_LIMIT) {
                    issues.add(ValidationIssue.at("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                issues.add(ValidationIssue.at("limit", "must be an integer between 1 and " + MAX_LIMIT));
            }
        }
        Cursor before = null;
        String beforeText = params.getFirst("before");
        if (beforeText != null && !beforeText.isBlank()) {
            before = Cursor.parse(beforeText.strip());
            if (before == null) {
                issues.add(ValidationIssue.at("before", "must be the nextBefore of a previous page"));
            }
        }
        if (!issues.isEmpty()) {
            throw new ApiException.ValidationFailed(issues);
        }
        return new Query(limit, before);
    }

    /**
     * One session of the list: claude-mem's {@code Session} with what the list shows beside it.
     *
     * @param firstPrompt the session's first user prompt (up to 500 characters), or null
     * @param durationMs from start to end, or to now for a session that has not ended
     */
    record Entry(SessionView session, long eventCount, long observationCount, @Nullable String firstPrompt,
            long durationMs) {
    }

    /** {@code {"sessions": [...], "nextBefore"}}; {@code nextBefore} is null on the last page. */
    record Page(List<Entry> sessions, @Nullable String nextBefore) {
    }
}
