package dev.engram.processor;

import java.util.Locale;

/**
 * How one delivered record ended; counted as {@code engram.jobs.deliveries{outcome}}. Only
 * {@link #RETRY_SCHEDULED} and {@link #FAILED} hand the record back to the binder (see {@link JobRecords}).
 */
public enum DeliveryOutcome {
    /** The results and the job's completion were committed. */
    COMPLETED,
    /** The job is gone (its project was purged, say); nothing to do. */
    NOT_FOUND,
    /** The record names another tenant than the job row; audited, never processed. */
    SCOPE_VIOLATION,
    /** The job is of a kind this processor does not run. */
    WRONG_KIND,
    /** Another delivery holds or finished the job. */
    DUPLICATE,
    /** The job was cancelled or taken over while the provider ran; nothing was written. */
    LOST_CLAIM,
    /** A retryable failure: the job is queued again with a delay, and the binder retries the record. */
    RETRY_SCHEDULED,
    /** The job failed for good; the binder dead-letters the record. */
    FAILED,
    /** Its project is over its daily token budget: queued again for the next day, no provider asked. */
    PARKED;

    /** The metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
