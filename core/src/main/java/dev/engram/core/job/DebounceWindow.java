package dev.engram.core.job;

import java.time.Duration;
import java.time.Instant;

/**
 * The window of one session's events that share a {@code debounce} job. Windows are fixed intervals of
 * the server's receive time, so every event of a session received in the same interval maps to the same
 * deterministic job, and an event received after the job ran falls into the next window.
 *
 * @param sessionId the session
 * @param start first instant of the window (inclusive)
 * @param end end of the window (exclusive)
 */
public record DebounceWindow(String sessionId, Instant start, Instant end) {

    private static final char SEPARATOR = '@';

    /** The window of {@code length} that contains {@code receivedAt}. */
    public static DebounceWindow containing(String sessionId, Instant receivedAt, Duration length) {
        long millis = length.toMillis();
        long start = Math.floorDiv(receivedAt.toEpochMilli(), millis) * millis;
        return new DebounceWindow(sessionId, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + millis));
    }

    /** The job's source id: {@code <session>@<start ms>+<length ms>}, which the processor reads back. */
    public String sourceId() {
        return sessionId + SEPARATOR + start.toEpochMilli() + "+" + (end.toEpochMilli() - start.toEpochMilli());
    }

    public static DebounceWindow fromSourceId(String sourceId) {
        int at = sourceId.lastIndexOf(SEPARATOR);
        int plus = sourceId.lastIndexOf('+');
        if (at <= 0 || plus < at) {
            throw new IllegalArgumentException("not a debounce window source id: " + sourceId);
        }
        long start = Long.parseLong(sourceId.substring(at + 1, plus));
        long length = Long.parseLong(sourceId.substring(plus + 1));
        return new DebounceWindow(sourceId.substring(0, at), Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + length));
    }
}
