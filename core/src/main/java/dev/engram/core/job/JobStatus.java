package dev.engram.core.job;

import java.util.Locale;

/**
 * A generation job's state: {@code queued -> processing -> completed | failed | cancelled}; a retryable
 * failure moves a job back to {@code queued}.
 */
public enum JobStatus {
    QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static JobStatus fromWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
